from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from apps.accounts.models import ORGANIZERS_GROUP
from apps.accounts.roles import ORGANIZER_PERMISSIONS, organizers_group_sync

pytestmark = pytest.mark.django_db


def _codes(group):
    return {(p.content_type.app_label, p.codename) for p in group.permissions.all()}


def test_migrate_gives_the_organizers_group_its_permissions_without_demo_data():
    group = Group.objects.get(name=ORGANIZERS_GROUP)
    assert _codes(group) == set(ORGANIZER_PERMISSIONS)
    assert ("events", "delete_event") not in _codes(group)


def test_sync_restores_missing_permissions_and_keeps_extra_ones():
    group = Group.objects.get(name=ORGANIZERS_GROUP)
    extra = group.permissions.model.objects.get(codename="delete_partner")
    group.permissions.set([extra])
    organizers_group_sync()
    assert _codes(group) == {*ORGANIZER_PERMISSIONS, ("insights", "delete_partner")}
