"""Who must use two-factor authentication, and whether this session has.

Staff (organizers and superusers) must have an authenticator app (allauth MFA, TOTP) and must
have used a second factor in the current session; `middleware_mfa` applies this to the staff
areas. "Used in this session" is read from allauth's record of the session's authentication
steps (`allauth.account.authentication.get_authentication_records`): allauth adds an "mfa"
step when the code is entered at login or on its re-authentication page, and the receiver
below adds one when the person activates the app by typing a code from it, which proves the
same thing.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.base_user import AbstractBaseUser
from django.dispatch import receiver
from django.http import HttpRequest

MFA_METHOD = "mfa"


def mfa_required(user: AbstractBaseUser) -> bool:
    """Staff accounts must use two-factor authentication; everyone else may."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def has_totp(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request: HttpRequest, user: AbstractBaseUser) -> bool:
    """True when this session's login (or a later re-authentication) included a second factor.

    allauth keeps the records only for the user they were made for, so a session that
    changed hands (Django's own admin login form, a different account) starts without any.
    """
    return any(
        record.get("method") == MFA_METHOD
        for record in get_authentication_records(request, user)
    )


@receiver(authenticator_added, dispatch_uid="accounts.mfa_activation_counts_as_mfa")
def record_activation_as_mfa(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser,
    authenticator: Authenticator, **kwargs: Any,
) -> None:
    """Activating the app took a valid code from it: the session has used the second factor.

    Without this, a staff member who just set up their app would be asked for a second code
    straight away. allauth sends the signal once the activation is committed.
    """
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    # allauth's own recorder, as its login and re-authentication steps call it.
    from allauth.account.internal.flows.login import record_authentication

    # Marked as a re-authentication too, as allauth marks a code typed on its re-authentication
    # page: otherwise the recovery codes page that follows would ask for another code at once.
    record_authentication(
        request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, activated=True,
        reauthenticated=True,
    )
