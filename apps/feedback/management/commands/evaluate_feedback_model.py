"""`manage.py evaluate_feedback_model [--model PATH] [--data DIR] [--json OUT] [--errors]`

Runs the whole analysis (lingua + the trained classifiers) on the held-out part of the
labelled set and prints accuracy and macro-F1 of language, sentiment and axis, overall and per
language, then the targets with PASS/FAIL. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.feedback.analysis import classifier, training

COLUMNS = (("n", "n"), ("language_accuracy", "lang acc"), ("sentiment_accuracy", "sent acc"),
           ("sentiment_macro_f1", "sent F1"), ("axis_accuracy", "axis acc"),
           ("axis_macro_f1", "axis F1"))


class Command(BaseCommand):
    help = "Evaluate the feedback analysis on the held-out split; exit 1 if a target is missed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--model", type=Path, default=classifier.MODEL_PATH,
                            help="artifact to evaluate (default: the installed one)")
        parser.add_argument("--data", type=Path, default=training.DATA_DIR)
        parser.add_argument("--json", type=Path, help="also write the figures to this file")
        parser.add_argument("--errors", action="store_true",
                            help="list the held-out texts with a wrong label")

    def handle(self, *args, **options) -> None:
        try:
            examples = training.load_examples(options["data"])
            model = classifier.load_model(options["model"])
        except (training.DataError, classifier.ModelMissing) as exc:
            raise CommandError(str(exc)) from exc
        train_set, test_set = training.split(examples)
        if not test_set:
            raise CommandError("the held-out split is empty")
        self._check_data(options["model"], train_set)
        started = time.perf_counter()
        report = training.evaluate(model, test_set)
        elapsed = time.perf_counter() - started
        report["seconds"] = round(elapsed, 2)

        self.stdout.write(f"Model {report['model_version']}, {len(test_set)} held-out texts "
                          f"of {len(examples)} ({elapsed:.1f} s with model loading).\n")
        header = f"{'language':<10}" + "".join(f"{label:>10}" for _, label in COLUMNS)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        rows = [*report["per_language"].items(), ("all", report["overall"])]
        for code, scores in rows:
            if code == "all":
                self.stdout.write("-" * len(header))
            cells = "".join(f"{scores[key]:>10}" if key == "n" else f"{scores[key]:>10.3f}"
                            for key, _ in COLUMNS)
            self.stdout.write(f"{code:<10}{cells}")
        self.stdout.write("")
        for name, target in report["targets"].items():
            verdict = "PASS" if target["pass"] else "FAIL"
            self.stdout.write(f"{verdict}  {name} {target['value']:.3f} "
                              f"(target >= {target['target']:.2f})")
        if options["errors"]:
            self.stdout.write(f"\n{len(report['errors'])} held-out text(s) with a wrong label:")
            for error in report["errors"]:
                wrong = ", ".join(f"{task} {v['expected']}->{v['got']}"
                                  for task, v in error.items() if isinstance(v, dict))
                self.stdout.write(f"  {error['source']}: {wrong}: {error['text']}")
        if options["json"]:
            options["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
            self.stdout.write(f"\nFigures written to {options['json']}.")
        if not report["passed"]:
            raise SystemExit(1)

    def _check_data(self, model_path: Path, train_set) -> None:
        """Warns when the labelled set changed since the artifact was trained: the held-out
        split would then no longer be the one the model never saw."""
        meta_path = model_path.with_suffix(".json")
        if not meta_path.exists():
            return
        trained_on = json.loads(meta_path.read_text(encoding="utf-8"))["train"]["digest"]
        if trained_on != training.dataset_digest(train_set):
            self.stderr.write("Warning: the labelled set changed since this model was trained; "
                              "run train_feedback_model again for a fair evaluation.")
