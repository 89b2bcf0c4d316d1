"""Creates the "Organizers" group (DESIGN.md §4). Permissions are granted by the apps that
own the models; which events an organizer sees is decided per event, not by the group."""

from django.db import migrations

GROUP = "Organizers"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=GROUP)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_group, delete_group)]
