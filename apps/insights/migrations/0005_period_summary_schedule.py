"""The month, quarter and year summaries (dashboard and open data) on the beat schedule."""

from django.db import migrations

# (name, task, crontab minute, hour): Asia/Seoul (CELERY_TIMEZONE); after the nightly daily run.
TASKS = [
    ("Summaries: this month, quarter and year (nightly)", "insights.summaries_periods",
     "0", "1"),
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
        ("insights", "0004_agreement"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, delete)]
