from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import (
            mfa,  # noqa: F401 - an app activation counts as two-factor
            signals,  # noqa: F401 - connects the login-language handler
        )
        from .roles import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self,
                             dispatch_uid="accounts.organizers_group_sync")

        from .checks import register_checks

        register_checks()
