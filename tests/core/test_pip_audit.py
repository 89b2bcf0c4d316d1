"""pip-audit (https://pypi.org/project/pip-audit/): no known vulnerability in any package pinned
in constraints.txt (every package the portal and its tests install, at its exact version).

The advisories come from PyPI's JSON API (`/pypi/<name>/<version>/json`, its
"vulnerabilities" list, fed by the Python Packaging Advisory Database and OSV). Without it the
test is skipped, saying why; it is never skipped once the service answers:

- first a probe asks the service about a package that is certainly on PyPI (Django at our pin).
  No connection, no name resolution, a time-out, a server error, or an answer that is not
  PyPI's (a 404 for Django, as a package mirror in a closed network gives, or JSON without the
  "vulnerabilities" key) mean "unreachable": skip;
- then pip-audit runs with `--strict`: a package it could not audit fails the test (an audit
  with holes is no audit), as does any vulnerability. Only a connection failure that pip-audit
  itself reports, mid-run, skips.

Run it alone: `.venv/bin/python -m pytest tests/core/test_pip_audit.py -rs`
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import requests

from tests.utils import ROOT

CONSTRAINTS = ROOT / "constraints.txt"
PROBE_TIMEOUT = 10
# pip-audit's own words for an unreachable service (pip_audit/_service/pypi.py, _cli.py), and
# those of requests/urllib3 under it.
UNREACHABLE = re.compile(
    r"Could not connect to PyPI|network may be blocking|PyPI is not redirecting properly"
    r"|Max retries exceeded|Failed to establish a new connection|NameResolutionError"
    r"|Temporary failure in name resolution|Name or service not known|Connection refused"
    r"|Read timed out|ConnectTimeout",
)


def pinned_version(name: str) -> str:
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        package, _, version = line.partition("==")
        if package.strip().lower() == name.lower():
            return version.strip()
    raise AssertionError(f"{name} is not pinned in constraints.txt")


def advisory_service_unreachable() -> str | None:
    """Why PyPI's advisory feed cannot answer from here, or None when it can."""
    url = f"https://pypi.org/pypi/django/{pinned_version('Django')}/json"
    try:
        response = requests.get(url, timeout=PROBE_TIMEOUT)
    except requests.RequestException as error:
        return f"{url}: {type(error).__name__}: {error}"
    if response.status_code != 200:
        return (f"{url} answered {response.status_code}, not PyPI's JSON API "
                "(a package mirror or proxy without it?)")
    try:
        body = response.json()
    except ValueError:
        return f"{url} answered something that is not JSON"
    if not isinstance(body, dict) or "vulnerabilities" not in body:
        return f"{url} answered JSON without PyPI's 'vulnerabilities' list"
    return None


def test_no_known_vulnerability_in_pinned_dependencies():
    reason = advisory_service_unreachable()
    if reason:
        pytest.skip(f"vulnerability advisory service unreachable, audit not run: {reason}")

    proc = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--requirement", str(CONSTRAINTS), "--no-deps",
         "--strict", "--format", "json", "--progress-spinner", "off", "--timeout", "30"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = None
    if report is None:
        # No report: pip-audit stopped. Unreachable mid-run skips; anything else fails.
        if UNREACHABLE.search(proc.stderr):
            pytest.skip("vulnerability advisory service became unreachable during the audit: "
                        + proc.stderr.strip().splitlines()[-1])
        pytest.fail(f"pip-audit failed (exit {proc.returncode}):\n{proc.stderr}")

    dependencies = report["dependencies"]
    vulnerable = [
        f"{dep['name']}=={dep['version']}: {vuln['id']} "
        f"(fixed in {', '.join(vuln.get('fix_versions') or []) or 'no release yet'})"
        for dep in dependencies for vuln in dep.get("vulns", [])
    ]
    assert not vulnerable, "known vulnerabilities in pinned packages:\n" + "\n".join(vulnerable)
    not_audited = [f"{dep['name']}: {dep['skip_reason']}" for dep in dependencies
                   if "skip_reason" in dep]
    assert not not_audited, not_audited
    assert proc.returncode == 0, proc.stderr
    assert len(dependencies) > 50  # the whole file was read


def test_the_probe_calls_a_mirror_that_knows_no_django_unreachable(monkeypatch):
    """The closed network here: pypi.org is a package mirror that answers 404 to the JSON API
    (pip-audit would then skip every package as "not found on PyPI" and report no
    vulnerability at all, which must not pass for an audit)."""

    class Answer:
        status_code = 404

    monkeypatch.setattr(requests, "get", lambda url, timeout: Answer())
    assert "answered 404" in advisory_service_unreachable()

    def refuse(url, timeout):
        raise requests.ConnectionError("Failed to resolve 'pypi.org'")

    monkeypatch.setattr(requests, "get", refuse)
    assert "ConnectionError" in advisory_service_unreachable()


def test_the_probe_lets_a_real_answer_through(monkeypatch):
    class Answer:
        status_code = 200

        @staticmethod
        def json():
            return {"info": {"name": "Django"}, "vulnerabilities": []}

    monkeypatch.setattr(requests, "get", lambda url, timeout: Answer())
    assert advisory_service_unreachable() is None
