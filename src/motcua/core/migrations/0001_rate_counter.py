from django.db import migrations, models


def unlogged_on_postgresql(apps, schema_editor):
    # Counters need speed, not durability (see RateCounter): no write-ahead log.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET UNLOGGED")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                (
                    "bucket",
                    models.CharField(
                        max_length=80, primary_key=True, serialize=False, verbose_name="khóa"
                    ),
                ),
                ("window_no", models.BigIntegerField(verbose_name="cửa sổ")),
                ("hits", models.PositiveIntegerField(verbose_name="số lượt")),
                ("expires_at", models.BigIntegerField(db_index=True, verbose_name="hết hạn")),
            ],
            options={
                "verbose_name": "bộ đếm giới hạn truy cập",
                "verbose_name_plural": "bộ đếm giới hạn truy cập",
            },
        ),
        migrations.RunPython(unlogged_on_postgresql, migrations.RunPython.noop),
    ]
