"""Feedback analysis in batches.

    manage.py analyze_feedback                 # rows waiting for analysis or failed
    manage.py analyze_feedback --all           # every row again (after a model update)
    manage.py analyze_feedback --input IN.jsonl --output OUT.jsonl

The file mode touches no database: it reads lines {"id": ..., "text": ...} and writes, for
each, {"id", "language", "sentiment", "sentiment_score", "axis"} in the same order. Every
input line is checked before anything is written, so a bad file gives one clear error naming
its line and no half-written output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

BATCH_SIZE = 256


def _read_jsonl(path: Path) -> list[tuple[object, str]]:
    items: list[tuple[object, str]] = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from error
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise CommandError(f"{path}:{number}: not valid JSON ({error.msg})") from error
            if not isinstance(record, dict) or "id" not in record:
                raise CommandError(f'{path}:{number}: expected an object with "id" and "text"')
            if not isinstance(record.get("text"), str):
                raise CommandError(f'{path}:{number}: "text" must be a string')
            items.append((record["id"], record["text"]))
    return items


def _batches(seq: list, size: int) -> Iterator[list]:
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


class Command(BaseCommand):
    help = "Analyses feedback (language, sentiment, topic) in batches, or a JSONL file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="Analyse every feedback row again, not only pending/failed.")
        parser.add_argument("--input", type=Path, help="JSONL file of {id, text} (no database).")
        parser.add_argument("--output", type=Path, help="Where to write the results (JSONL).")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options) -> None:
        if bool(options["input"]) != bool(options["output"]):
            raise CommandError("--input and --output go together.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["input"]:
            if options["all"]:
                raise CommandError("--all works on the database; it cannot be combined with "
                                   "--input/--output.")
            self._files(options)
        else:
            self._database(options)

    def _progress(self, total: int, options, unit: str):
        return tqdm(total=total, unit=unit, disable=options["no_progress"],
                    file=sys.stderr, dynamic_ncols=True)

    def _files(self, options) -> None:
        from apps.feedback.analysis import analyze_texts

        items = _read_jsonl(options["input"])
        output: Path = options["output"]
        partial = output.with_name(output.name + ".partial")
        with partial.open("w", encoding="utf-8") as out, \
                self._progress(len(items), options, "text") as bar:
            for batch in _batches(items, options["batch_size"]):
                results = analyze_texts([text for _id, text in batch])
                for (item_id, _text), result in zip(batch, results, strict=True):
                    out.write(json.dumps({
                        "id": item_id, "language": result.language,
                        "sentiment": result.sentiment,
                        "sentiment_score": round(float(result.sentiment_score), 4),
                        "axis": result.axis,
                    }, ensure_ascii=False) + "\n")
                bar.update(len(batch))
        # Renamed only when complete: a crash never leaves a half file under the real name.
        partial.replace(output)
        self.stdout.write(f"{len(items)} texts analysed into {output}")

    def _database(self, options) -> None:
        from apps.feedback.models import Feedback
        from apps.feedback.services import feedback_analyze

        qs = Feedback.objects.order_by("pk")
        if not options["all"]:
            qs = qs.exclude(analysis_status=Feedback.Analysis.DONE)
        ids = list(qs.values_list("pk", flat=True))
        failed = 0
        with self._progress(len(ids), options, "feedback") as bar:
            for batch in _batches(ids, options["batch_size"]):
                try:
                    feedback_analyze(feedback_ids=batch)
                except Exception as error:  # the rows are marked failed; go on with the rest
                    failed += len(batch)
                    self.stderr.write(f"batch starting at id {batch[0]} failed: {error}")
                bar.update(len(batch))
        self.stdout.write(f"{len(ids) - failed} feedback analysed, {failed} failed")
        if failed:
            raise CommandError(f"{failed} feedback could not be analysed; they are marked "
                               "failed and will be retried.")
