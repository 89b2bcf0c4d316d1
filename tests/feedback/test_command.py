"""`manage.py analyze_feedback`: the file contract (no database), clear errors on bad input,
and the batch modes over the database."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from apps.feedback.models import Feedback
from tests.feedback.factories import FeedbackFactory

LINES = [
    {"id": 1, "text": "这次的文化交流活动让我认识了很多韩国朋友，非常开心！"},
    {"id": "b-2", "text": "Le Wi-Fi ne marchait pas du tout pendant la diffusion en direct."},
    {"id": 3, "text": "공원에 나무를 더 심어 주세요."},
    {"id": 4, "text": ""},
]


def write(path, lines):
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")


def test_the_file_contract_without_the_database(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write(source, LINES)
    # No database access at all: pytest-django refuses any query in a test without `db`.
    call_command("analyze_feedback", "--input", str(source), "--output", str(target),
                 "--no-progress")
    results = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == [1, "b-2", 3, 4]
    for result in results:
        assert set(result) == {"id", "language", "sentiment", "sentiment_score", "axis"}
        assert result["sentiment"] in {"positive", "neutral", "negative"}
        assert -1 <= result["sentiment_score"] <= 1
        assert result["axis"] in {"tech", "culture", "green", "inclusion", "other"}
    assert [r["language"] for r in results[:3]] == ["zh", "fr", "ko"]
    assert results[0]["sentiment"] == "positive" and results[1]["sentiment"] == "negative"
    assert results[1]["axis"] == "tech" and results[2]["axis"] == "green"
    assert results[3]["language"] == ""  # nothing to detect in an empty text


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', "in.jsonl:2: not valid JSON"),
    ('{"text": "no id"}\n', 'in.jsonl:1: expected an object with "id" and "text"'),
    ('{"id": 1, "text": 5}\n', 'in.jsonl:1: "text" must be a string'),
])
def test_bad_input_names_the_line_and_writes_nothing(tmp_path, content, message):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("analyze_feedback", "--input", str(source), "--output", str(target))
    assert not target.exists()


def test_input_and_output_go_together(tmp_path):
    with pytest.raises(CommandError, match="go together"):
        call_command("analyze_feedback", "--input", str(tmp_path / "in.jsonl"))


@pytest.mark.django_db
def test_pending_rows_by_default_and_every_row_with_all(capsys):
    done = FeedbackFactory(body="Great concert!", language="xx", sentiment="negative")
    pending = FeedbackFactory(body="The bus to the venue never came.", language="",
                              sentiment="", axis="", analysis_status="pending")
    call_command("analyze_feedback", "--no-progress")
    pending.refresh_from_db()
    done.refresh_from_db()
    assert pending.analysis_status == "done" and pending.language == "en"
    assert done.language == "xx"  # left alone without --all
    call_command("analyze_feedback", "--all", "--no-progress")
    done.refresh_from_db()
    assert (done.language, done.sentiment) == ("en", "positive")
    assert "2 feedback analysed, 0 failed" in capsys.readouterr().out
    assert Feedback.objects.filter(analysis_status="done").count() == 2
