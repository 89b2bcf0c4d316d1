"""No page loads anything from another host (scripts, styles, images, fonts, frames)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# Attributes that make the browser fetch something; links people click (href on <a>) are fine.
FETCHING = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=[\"'](?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"'](?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", [
    "/ko/", "/en/", "/vi/events/", "/ja/events/k-pop-world-city-week-2027/",
    "/zh-hans/accounts/signup/", "/en/accounts/login/", "/ko/privacy/", "/en/accessibility/",
    "/api/docs/", "/api/redoc/",
])
def test_pages_load_nothing_from_another_host(client, path):
    call_command("seed_demo", verbosity=0)
    response = client.get(path)
    assert response.status_code == 200, path
    assert not FETCHING.findall(response.content.decode()), path


def test_the_stylesheets_load_nothing_from_another_host():
    from tests.utils import ROOT

    for css in (ROOT / "static").rglob("*.css"):
        assert not FETCHING.findall(css.read_text(encoding="utf-8")), css
