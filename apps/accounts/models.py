"""The portal's user: logs in by email, reads the portal and gets messages in their language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

ORGANIZERS_GROUP = "Organizers"


class UserManager(DjangoUserManager):
    """Email is the login; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class ResidentType(models.TextChoices):
        CITIZEN = "citizen", _("Citizen of Korea")
        FOREIGN_RESIDENT = "foreign_resident", _("Foreign resident")
        VISITOR = "visitor", _("Visitor")
        ORGANIZATION = "organization", _("Organization")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages open and messages arrive in this language."),
    )
    resident_type = models.CharField(
        _("resident type"), max_length=20, choices=ResidentType.choices,
        default=ResidentType.CITIZEN,
    )
    country = CountryField(_("country"), blank=True)
    privacy_consent_at = models.DateTimeField(_("privacy consent given at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @property
    def is_organizer(self) -> bool:
        return self.is_staff and (
            self.is_superuser or self.groups.filter(name=ORGANIZERS_GROUP).exists()
        )
