"""Partners of the district's city diplomacy, their agreements, and participation summaries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.core.models import TimeStampedModel
from apps.events.models import Axis


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


class Agreement(TimeStampedModel):
    """An exchange agreement with a partner; the dashboard counts signed ones per year
    (the district's "+25 % international exchange agreements" target)."""

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        EXPIRED = "expired", _("Expired")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements",
                                verbose_name=_("partner"))
    title = models.CharField(_("title"), max_length=200)  # translated
    axis = models.CharField(_("diplomacy axis"), max_length=20, choices=Axis.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NEGOTIATING)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    document_url = models.URLField(_("link to the agreement"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "partner", "pk"]
        constraints = [
            # A signed (or since expired) agreement has a signing date; the KPI counts by it.
            models.CheckConstraint(
                condition=models.Q(status="negotiating") | models.Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ParticipationSummary(TimeStampedModel):
    """The figures of DESIGN.md section 7 for one scope and one period, computed by SQL
    aggregation (apps/insights/summaries.py). The dashboard and open data read only these rows.

    Scope: one event, one axis (all its events), or everything (`scope="all"`). Re-computing a
    period overwrites its row.
    """

    class Scope(models.TextChoices):
        EVENT = "event", _("Event")
        AXIS = "axis", _("Axis")
        ALL = "all", _("All events")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    # "event:<id>", "axis:<key>" or "all": one unique key per scope, without NULLs.
    scope_key = models.CharField(_("scope key"), max_length=40, editable=False)
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True,
        related_name="summaries", verbose_name=_("event"),
    )
    axis = models.CharField(_("axis"), max_length=20, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), help_text=_("Exclusive."))
    figures = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("participation summary")
        verbose_name_plural = _("participation summaries")
        ordering = ["-period_start", "scope", "axis"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "period_start", "period_end"],
                name="one_summary_per_scope_and_period",
            ),
        ]
        indexes = [models.Index(fields=["scope", "period_start", "period_end"])]

    def __str__(self) -> str:
        label = self.event or self.axis or self.scope
        return f"{label} {self.period_start}..{self.period_end}"
