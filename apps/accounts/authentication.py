"""Token authentication for the whole API (settings.REST_FRAMEWORK).

DRF's token authentication, with the user read in one plain query: the ORM's join cost 0.7 ms
of CPU on the registration path, which has to be cheap (docs/performance.md). Same answers,
same errors. One class for every view, so the OpenAPI schema has one `tokenAuth` scheme.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from apps.core.db import prepared_cursor

from .models import User


class OneQueryTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with the user read in one plain query: the ORM's join
    cost 0.7 ms of CPU on the path that has to be cheap (docs/performance.md). Same
    answers, same errors."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        with prepared_cursor() as cursor:
            cursor.execute(_token_user_sql(), [key])
            row = cursor.fetchone()
        user = None if row is None else _user_from_row(row)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, Token(key=key, user=user)


@cache
def _user_fields() -> list[str]:
    return [field.attname for field in User._meta.concrete_fields]


@cache
def _user_converters() -> list[tuple[int, Any]]:
    """The fields whose database values need converting (as the ORM's queries do)."""
    return [(index, field.from_db_value)
            for index, field in enumerate(User._meta.concrete_fields)
            if hasattr(field, "from_db_value")]


def _user_from_row(row: tuple) -> User:
    values = list(row)
    for index, convert in _user_converters():
        values[index] = convert(values[index], None, connection)
    return User.from_db(connection.alias, _user_fields(), values)


@cache
def _token_user_sql() -> str:
    columns = ", ".join(f"u.{connection.ops.quote_name(field.column)}"
                        for field in User._meta.concrete_fields)
    # Table and column names only; the key is a parameter.
    return (f"SELECT {columns} FROM {User._meta.db_table} u "  # noqa: S608  # nosec B608
            f"JOIN {Token._meta.db_table} t ON t.user_id = u.id WHERE t.key = %s")
