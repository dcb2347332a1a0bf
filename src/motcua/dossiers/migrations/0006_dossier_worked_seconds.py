from django.db import migrations, models

from motcua.dossiers.worktime import backfill_worked_seconds


def fill_worked_seconds(apps, schema_editor):
    # Dossiers finished with a result before this migration: what result_ready now writes.
    backfill_worked_seconds(
        apps.get_model("dossiers", "Dossier"), apps.get_model("dossiers", "DossierEvent")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0005_dossier_search_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='worked_seconds',
            field=models.PositiveBigIntegerField(editable=False, help_text='Số giây làm việc thời hạn giải quyết đã chạy, từ lúc bắt đầu tính đến khi có kết quả, trừ thời gian dừng để bổ sung hồ sơ hoặc thực hiện nghĩa vụ tài chính, theo lịch làm việc của đơn vị giải quyết lúc có kết quả; để trống khi chưa giải quyết xong hoặc kết thúc không có kết quả (từ chối, dừng, rút).', null=True, verbose_name='thời gian giải quyết (giây làm việc)'),
        ),
        migrations.RunPython(fill_worked_seconds, migrations.RunPython.noop),
    ]
