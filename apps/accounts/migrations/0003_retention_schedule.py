"""The nightly retention task (apps/accounts/retention.py) on the beat schedule, editable in
the admin."""

from django.db import migrations

NAME = "Privacy: anonymise data past its retention period (nightly)"
TASK = "accounts.retention_apply"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # 03:15 Asia/Seoul (CELERY_TIMEZONE): after the nightly summaries (00:30, 01:00), so the
    # figures of yesterday are computed before any of its rows change.
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="15", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Seoul",
    )
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": crontab})


def delete(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organizers_group"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, delete)]
