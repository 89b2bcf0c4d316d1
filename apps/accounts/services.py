"""Writes on accounts: deleting one, with everything that points to the person.

What happens to each kind of data is written down for people in templates/accounts/delete.html
and templates/core/privacy.html, and for operators in docs/privacy.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from importlib import import_module
from operator import or_

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.events.models import Registration
from apps.events.services import registration_cancel
from apps.feedback.models import Feedback
from apps.notifications.models import Notification, NotificationPreference

from .anonymisation import feedback_contact_erase, registrations_anonymise
from .models import User

logger = logging.getLogger(__name__)

# Registrations a deletion cancels: seats and waiting-list places of events not over yet.
# An attended registration stays as it is (anonymised): the person did come.
CANCELLABLE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


@dataclass(frozen=True)
class AccountDeletion:
    registrations_cancelled: int
    registrations_anonymised: int
    people_promoted: int
    feedback_anonymised: int


def verified_addresses(*, user: User) -> list[str]:
    """The addresses the person proved are theirs: data given under them (anonymous feedback
    with an address for the answer) is theirs too. Lower-cased."""
    addresses = {user.email.lower()}
    addresses.update(
        email.lower() for email in
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    return sorted(addresses)


def address_q(field: str, addresses: list[str]) -> Q:
    """Matches any of `addresses` in `field`, whatever the case it was typed in."""
    return reduce(or_, (Q(**{f"{field}__iexact": address}) for address in addresses), Q(pk=None))


def registrations_to_cancel(*, user: User, now: datetime | None = None
                            ) -> QuerySet[Registration]:
    """The registrations a deletion now would cancel (shown on the confirmation page)."""
    return Registration.objects.filter(
        user=user, status__in=CANCELLABLE, event__ends_at__gt=now or timezone.now()
    )


@transaction.atomic
def account_delete(*, user: User, now: datetime | None = None) -> AccountDeletion:
    """Deletes an account and the personal data that points to it, in one transaction.

    - Registrations for events not over yet are cancelled through the events service, so the
      seat goes to the next person on the waiting list (notified) and seat counts stay right.
    - Every registration is then anonymised (anonymisation.py): the rows stay, so the figures
      of past events do not change.
    - Feedback keeps its text without the author and leaves the public page; addresses
      left with anonymous feedback under one of the person's verified addresses are erased.
    - Messages addressed to them, message settings, email addresses, API tokens, two-factor
      authenticators and the account go; their sessions are ended after the commit.
    """
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    addresses = verified_addresses(user=user)

    cancelled = promoted = 0
    for registration in registrations_to_cancel(user=user, now=now).order_by("pk"):
        promoted += len(registration_cancel(registration=registration))
        cancelled += 1
    anonymised = registrations_anonymise(
        registrations=Registration.objects.filter(user=user), now=now)

    # Published with the person's consent, which leaves with them: off the public page.
    feedback = Feedback.objects.filter(user=user).update(user=None, email="", public=False,
                                                         updated_at=now)
    feedback += feedback_contact_erase(
        feedback=Feedback.objects.filter(user__isnull=True).filter(address_q("email", addresses)),
        now=now,
    )
    # Also the rows written just now by the cancellations: never delivered (delivery skips
    # a row that no longer exists).
    Notification.objects.filter(
        Q(recipient=user) | (Q(recipient__isnull=True) & address_q("address", addresses))
    ).delete()
    NotificationPreference.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()  # and their pending confirmations
    if apps.is_installed("allauth.mfa"):
        apps.get_model("mfa", "Authenticator").objects.filter(user=user).delete()
    user_id = user.pk
    user.delete()
    transaction.on_commit(lambda: sessions_end(user_id=user_id))
    logger.info("account deleted: registrations cancelled=%d anonymised=%d, feedback=%d",
                cancelled, anonymised, feedback)
    return AccountDeletion(registrations_cancelled=cancelled,
                           registrations_anonymised=anonymised, people_promoted=promoted,
                           feedback_anonymised=feedback)


def sessions_end(*, user_id: int) -> int:
    """Deletes the stored sessions of a user; returns how many.

    Sessions are not indexed by user, so each live one is decoded: slow on a large table,
    but this runs once per deleted account, after its transaction. Engines that store
    nothing on the server (signed cookies) or cannot be listed (cache) are skipped: there,
    a session of a deleted user simply finds no user any more.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    model = store_class.get_model_class()
    wanted = str(user_id)
    ended = 0
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == wanted:
            store_class(session.session_key).delete()
            ended += 1
    return ended
