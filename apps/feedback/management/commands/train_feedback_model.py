"""`manage.py train_feedback_model [--data DIR] [--output DIR]`

Trains the sentiment and axis classifiers on the training part of the labelled set
(apps/feedback/analysis/data/*.jsonl; the held-out part is left for evaluate_feedback_model)
and writes model/feedback-model.npz and feedback-model.json. Same data, same bytes.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.feedback.analysis import classifier, training


class Command(BaseCommand):
    help = "Train the feedback sentiment/axis classifiers and write the model artifact."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", type=Path, default=training.DATA_DIR,
                            help="folder of labelled *.jsonl (default: the one in the repo)")
        parser.add_argument("--output", type=Path, default=classifier.MODEL_DIR,
                            help="folder for the artifact (default: the installed model)")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            examples = training.load_examples(options["data"])
        except training.DataError as exc:
            raise CommandError(str(exc)) from exc
        if not examples:
            raise CommandError(f"no labelled lines in {options['data']}/*.jsonl")
        train_set, test_set = training.split(examples)
        self.stdout.write(f"{len(examples)} labelled texts: {len(train_set)} for training, "
                          f"{len(test_set)} held out.")
        settings = training.TrainingSettings()
        arrays = training.train(train_set, settings)
        path, metadata = training.write_artifact(options["output"], arrays, train_set=train_set,
                                                 test_set=test_set, settings=settings)
        self.stdout.write(
            f"Wrote {path} ({metadata['artifact_bytes'] / 1024:.0f} KiB, "
            f"{metadata['features']['ngrams']['vocabulary']} n-grams), model version "
            f"{metadata['model_version']}, in {time.perf_counter() - started:.1f} s."
        )
