from django.db import migrations, models

from motcua.dossiers.search import backfill_search_text


def fill_search_text(apps, schema_editor):
    # Dossiers received before this migration: the same text Dossier.save now writes.
    backfill_search_text(apps.get_model("dossiers", "Dossier"))


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0004_ward_inbox_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='search_text',
            field=models.TextField(default='', editable=False, help_text='Mã hồ sơ, tên, số định danh, mã số tổ chức viết thường, không dấu (đ → d): tìm kiếm không dấu trong hộp hồ sơ.'),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
