"""bandit (https://bandit.readthedocs.io/) over the portal's code: no finding of any severity.

Each exception is answered where it occurs, `# nosec Bxxx` with the reason beside it, so a
reviewer sees both; a bare `# nosec` (every test off for the line) is refused.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.utils import ROOT

SCANNED = ("apps", "config")


def _bandit() -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", *SCANNED, "-f", "json", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )
    # bandit exits 1 when it finds something; anything else is bandit itself failing.
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_bandit_finds_nothing():
    report = _bandit()
    assert not report["errors"], report["errors"]
    findings = [
        f"{r['filename']}:{r['line_number']}: {r['test_id']} {r['issue_text']} "
        f"({r['issue_severity']}/{r['issue_confidence']})"
        for r in report["results"]
    ]
    assert not findings, "bandit findings (fix, or answer with `# nosec Bxxx  # why`):\n" + (
        "\n".join(findings)
    )
    assert report["metrics"]["_totals"]["loc"] > 5000  # it did scan the code


NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")


def test_every_nosec_names_its_tests_and_says_why():
    """`# nosec B608  # reason`, or the reason in a comment just above the statement."""
    problems = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for index, line in enumerate(lines):
                match = NOSEC.search(line)
                if not match:
                    continue
                where = f"{path.relative_to(ROOT)}:{index + 1}"
                tests, _, why = match.group("rest").partition("#")
                above = [text.strip() for text in lines[max(0, index - 4):index]]
                if not re.fullmatch(r"\s*:?\s*(B\d{3}[\s,]*)+", tests):
                    problems.append(f"{where}: names no bandit test id")
                elif not why.strip() and not any(text.startswith("#") for text in above):
                    problems.append(f"{where}: gives no reason")
    assert not problems, problems


# --- The exceptions hold ----------------------------------------------------------------------


def test_machine_translation_opens_only_http_urls():
    """B310 in apps/feedback/machine_translation.py: file: and other schemes are refused."""
    from apps.feedback.machine_translation import LibreTranslateBackend, TranslationError

    for url in ("file:///etc/passwd", "ftp://example.org", "/translate"):
        with pytest.raises(TranslationError, match="http"):
            LibreTranslateBackend(url=url).translate(text="x", source="en", target="ko")


def test_marked_safe_markup_is_escaped_first():
    """B308/B703 in apps/feedback/admin.py and apps/events/qr.py: what is marked safe was
    escaped just before."""
    from apps.events.qr import ticket_qr_svg
    from apps.feedback.admin import _paragraphs

    assert _paragraphs('<script>x</script>\n\n"hi"') == (
        "<p>&lt;script&gt;x&lt;/script&gt;</p>\n\n<p>&quot;hi&quot;</p>"
    )
    svg = ticket_qr_svg("ABCD2345EFGH", label='<img src=x onerror="alert(1)">')
    assert "<img" not in svg
    assert 'aria-label="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"' in svg
