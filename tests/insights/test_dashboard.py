"""The staff dashboard and its API: who may see it, what it shows (from summary rows only),
tables and CSV that match, constant queries whatever the number of events."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from apps.events.models import Registration
from apps.feedback.models import Feedback
from apps.insights.models import Agreement, Partner
from apps.insights.periods import period_containing
from apps.insights.summaries import summaries_compute
from tests.events.factories_admin import EventFactory, make_organizer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGS = ("ko", "en", "zh-hans", "ja", "vi")


def url(name="index", lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"dashboard:{name}", kwargs=kwargs or None)


def populate(*, events: int, organizer=None) -> list:
    """Events with registrations and feedback this year, then this year's summaries."""
    made = []
    for i in range(events):
        event = EventFactory(organizers=[organizer] if organizer else [],
                             axis=["tech", "culture", "green", "inclusion"][i % 4])
        for _ in range(3):
            Registration.objects.create(
                event=event, user=UserFactory(), status="confirmed", language="vi",
                resident_type="foreign_resident", country="VN", privacy_consent_at=timezone.now())
        Feedback.objects.create(event=event, body=f"secret text {i}", ui_language="ko",
                                privacy_consent_at=timezone.now(), language="vi",
                                sentiment="positive", sentiment_score=0.5, axis=event.axis,
                                analysis_status="done")
        made.append(event)
    year = period_containing(timezone.localdate(), kind="year")
    summaries_compute(start=year.start, end=year.end)
    today = timezone.localdate()
    summaries_compute(start=today, end=today + timedelta(days=1))
    return made


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(url())
    assert response.status_code == 302 and "login" in response.url


def test_people_without_staff_status_are_refused(client):
    client.force_login(UserFactory())
    assert client.get(url()).status_code == 403
    assert client.get(url("chart_csv", chart_id="language")).status_code == 403


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_the_dashboard_in_every_language(client, lang):
    organizer = make_organizer()
    populate(events=2, organizer=organizer)
    client.force_login(organizer)
    response = client.get(url(lang=lang))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "secret text" not in html  # figures, never texts


def test_figures_tables_and_csv_agree(client):
    organizer = make_organizer()
    populate(events=4, organizer=organizer)
    client.force_login(organizer)
    response = client.get(url())
    charts = {chart.id: chart for chart in response.context["charts"]}
    language = charts["language"]
    assert language.rows == [["Vietnamese", 12]]
    download = client.get(url("chart_csv", chart_id="language"))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    assert table[1:] == [[str(cell) for cell in row] for row in language.rows]
    axes = charts["axes"]
    assert [row[0] for row in axes.rows] == [str(r["label"]) for r in
                                             response.context["data"].axes]
    assert response.context["data"].figures["feedback"]["total"] == 4
    assert client.get(url("chart_csv", chart_id="no-such-chart")).status_code == 404


def test_queries_do_not_grow_with_the_number_of_events(client, django_assert_max_num_queries):
    organizer = make_organizer()
    populate(events=3, organizer=organizer)
    client.force_login(organizer)
    client.get(url())  # warm up sessions and permissions caches
    with django_assert_max_num_queries(14) as few:
        client.get(url())
    populate(events=12, organizer=organizer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url())


def test_an_organizer_cannot_pick_another_organizers_event(client):
    organizer, other = make_organizer(), make_organizer()
    populate(events=1, organizer=organizer)
    theirs = populate(events=1, organizer=other)[0]
    client.force_login(organizer)
    response = client.get(url() + f"?event={theirs.pk}")
    assert response.context["data"].filters.event is None
    assert response.context["form"].errors  # the choice is refused, the page falls back


def test_programmes_held_are_counted_per_quarter(client):
    organizer = make_organizer()
    now = timezone.now()
    EventFactory(starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1))
    EventFactory(starts_at=now + timedelta(days=400), ends_at=now + timedelta(days=401))
    client.force_login(organizer)
    programmes = client.get(url()).context["data"].programmes
    quarter = (timezone.localtime(now).month - 1) // 3 + 1
    assert [row["count"] for row in programmes] == [int(q == quarter) for q in (1, 2, 3, 4)]


def test_agreements_kpi_counts_signed_agreements_per_year(client):
    partner = Partner.objects.create(slug="p", name="P", name_ko="P", country="JP",
                                     kind="sister")
    year = timezone.localdate().year
    for signed in (f"{year - 1}-03-01", f"{year - 1}-05-01", f"{year - 1}-06-01",
                   f"{year - 1}-07-01", f"{year}-01-10", f"{year}-02-10", f"{year}-03-10",
                   f"{year}-04-10", f"{year}-05-10"):
        Agreement.objects.create(partner=partner, title="A", title_ko="A", axis="tech",
                                 status="signed", signed_on=signed)
    Agreement.objects.create(partner=partner, title="N", title_ko="N", axis="tech",
                             status="negotiating")
    client.force_login(make_organizer())
    agreements = client.get(url()).context["data"].agreements
    assert (agreements["this_year"], agreements["last_year"]) == (5, 4)
    assert agreements["change"] == 0.25 and agreements["meets_target"] is True


def test_the_api_is_for_staff_and_scoped_to_their_events():
    organizer = make_organizer()
    mine = populate(events=1, organizer=organizer)[0]
    theirs = populate(events=1, organizer=make_organizer())[0]
    assert APIClient().get("/api/v1/insights/summary/").status_code == 401
    citizen = APIClient()
    citizen.force_authenticate(UserFactory())
    assert citizen.get("/api/v1/insights/summary/").status_code == 403
    api = APIClient()
    api.force_authenticate(organizer)
    data = api.get("/api/v1/insights/summary/").json()
    assert data["scope"] == "all" and data["figures"]["registrations"]["total"] == 6
    assert len(data["axes"]) == 4
    assert api.get(f"/api/v1/insights/summary/?event={mine.slug}").json()["scope"] == \
        f"event:{mine.pk}"
    assert api.get(f"/api/v1/insights/summary/?event={theirs.slug}").status_code == 404
    assert api.get("/api/v1/insights/summary/?period=2026-Q7").status_code == 400
