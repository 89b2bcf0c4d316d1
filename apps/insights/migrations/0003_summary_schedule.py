"""Summaries and the organizer digest on the beat schedule, editable in the admin."""

from django.db import migrations

# (name, task, crontab minute, hour): Asia/Seoul (CELERY_TIMEZONE)
TASKS = [
    ("Summaries: today, upcoming events (hourly)", "insights.summaries_hourly", "5", "*"),
    ("Summaries: yesterday, all (nightly)", "insights.summaries_nightly", "30", "0"),
    ("Organizer digest (daily)", "insights.organizer_digest", "0", "8"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in TASKS:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Asia/Seoul",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def delete(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, *_rest in TASKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_participation_summary"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, delete)]
