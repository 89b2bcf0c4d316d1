"""The Organizers role: what an organizer may do in the admin.

Which events they see is decided per event (Event.organizers); these model permissions only
open the admin pages. The group and its permissions are brought up to date after every
`migrate` (post_migrate), so a new deployment works without the demo data.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .models import ORGANIZERS_GROUP

# Agenda lines and questions can be deleted, because editing a programme means removing lines;
# events and registrations cannot: a public event is cancelled (status), never erased, and a
# registration is cancelled through the workflow so the waiting list moves.
ORGANIZER_PERMISSIONS: list[tuple[str, str]] = [
    ("events", "view_event"),
    ("events", "add_event"),
    ("events", "change_event"),
    ("events", "view_agendaitem"),
    ("events", "add_agendaitem"),
    ("events", "change_agendaitem"),
    ("events", "delete_agendaitem"),
    ("events", "view_registrationquestion"),
    ("events", "add_registrationquestion"),
    ("events", "change_registrationquestion"),
    ("events", "delete_registrationquestion"),
    ("events", "view_registration"),
    ("events", "change_registration"),
    ("insights", "view_partner"),
    ("insights", "view_agreement"),
    # Feedback: read and triage (actions), reply; never add or delete feedback itself.
    ("feedback", "view_feedback"),
    ("feedback", "change_feedback"),
    ("feedback", "view_reply"),
    ("feedback", "add_reply"),
]


def organizers_group_sync(*, using: str = "default") -> Group:
    """Creates the group if needed and adds any missing permission. Never removes one an
    operator granted by hand."""
    from django.apps import apps

    # Permissions of apps migrated in this same run may not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    group, _created = Group.objects.using(using).get_or_create(name=ORGANIZERS_GROUP)
    wanted = Permission.objects.using(using).filter(
        content_type__app_label__in={app for app, _codename in ORGANIZER_PERMISSIONS},
        codename__in=[codename for _app, codename in ORGANIZER_PERMISSIONS],
    )
    group.permissions.add(*wanted)
    return group


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    organizers_group_sync(using=using)
