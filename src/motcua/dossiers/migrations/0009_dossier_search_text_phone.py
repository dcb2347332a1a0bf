from django.db import migrations, models

from motcua.dossiers.search import backfill_search_text


def refill_search_text(apps, schema_editor):
    # The search text now ends with the applicant's phone: rewrite it on every dossier.
    backfill_search_text(apps.get_model("dossiers", "Dossier"))


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0008_register_counter'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dossier',
            name='search_text',
            field=models.TextField(default='', editable=False, help_text='Mã hồ sơ, tên, số định danh, mã số tổ chức, số điện thoại viết thường, không dấu (đ → d): tìm kiếm không dấu trong hộp hồ sơ.'),
        ),
        migrations.RunPython(refill_search_text, migrations.RunPython.noop),
    ]
