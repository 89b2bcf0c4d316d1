"""Partners of the district's city diplomacy. Agreements and summaries come with the dashboard."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.core.models import TimeStampedModel


class Partner(TimeStampedModel):
    class Kind(models.TextChoices):
        SISTER = "sister", _("Sister city")
        FRIENDSHIP = "friendship", _("Friendship city")
        INSTITUTION = "institution", _("Institution")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    since_year = models.PositiveSmallIntegerField(_("partner since"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["kind", "slug"]

    def __str__(self) -> str:
        return self.name
