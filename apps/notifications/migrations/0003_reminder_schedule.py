"""Reminders every 10 minutes (DESIGN.md section 5), editable in the admin."""

from django.db import migrations

NAME = "Send event reminders"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _created = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": "events.send_reminders", "interval": interval}
    )


def delete(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_beat_schedule")]

    operations = [migrations.RunPython(create, delete)]
