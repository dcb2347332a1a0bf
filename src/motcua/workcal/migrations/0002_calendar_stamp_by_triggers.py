"""One calendar stamp for all the data, moved by database triggers from any write path."""

from django.db import migrations

from motcua.core.stamps import trigger_sql

STAMP = "workcal_calendarstamp"
STAMPED = ["workcal_calendaroverride", "workcal_workingschedule"]


def create_triggers(apps, schema_editor):
    create, _ = trigger_sql(schema_editor.connection.vendor, stamp_table=STAMP, stamped_tables=STAMPED)
    for statement in create:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    _, drop = trigger_sql(schema_editor.connection.vendor, stamp_table=STAMP, stamped_tables=STAMPED)
    for statement in drop:
        schema_editor.execute(statement)
    forget_stamps(apps, schema_editor)  # the old columns come back empty


def forget_stamps(apps, schema_editor):
    apps.get_model("workcal", "CalendarStamp").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workcal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_stamps, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarstamp", name="scope"),
        migrations.RemoveField(model_name="calendarstamp", name="changed_at"),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
