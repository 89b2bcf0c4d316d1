#!/usr/bin/env python
"""Feedback analysis benchmark: items/s of `apps.feedback.analysis.analyze_texts` (issue 4,
target >= 300 items/s on 2 cores), model loading excluded and printed separately.

N texts (default 10,000) are drawn in turn from the labelled set
(apps/feedback/analysis/data/*.jsonl, every language) and varied so that no two are the same:
the first round is the labelled texts as they are, later rounds append another sentence of the
same language (two-sentence feedback) or a number. They are analysed in batches of
`--batch` (the batch command's shape); `--single` more texts go one call each
(`analyze_text`, the Celery task's shape). The script prints the machine (cores, load
average), the load time, items/s, the CPU the process used and the share other processes
used meanwhile (above 10 %: flagged as noisy), the time spent in each stage
(language detection, sentence embedding, n-grams and classifiers) on one batch, and the target.
It needs no database and no Django settings. Exit status 0; the target is printed, never
enforced. See bench/README.md and docs/feedback-analysis.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_ITEMS_PER_SECOND = 300.0  # issue 4, on 2 cores


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Times the offline feedback analysis (items/s).")
    p.add_argument("--count", type=int, default=10_000, help="texts (default %(default)s)")
    p.add_argument("--batch", type=int, default=1000,
                   help="texts per analyze_texts call (default %(default)s)")
    p.add_argument("--single", type=int, default=300,
                   help="texts analysed one call each afterwards (default %(default)s; 0: none)")
    p.add_argument("--use-threads", type=int, default=None,
                   help="BLAS threads of the sentence encoder (default: the module's choice)")
    p.add_argument("--seed", type=int, default=4, help="variation seed (default %(default)s)")
    p.add_argument("--json", default="", help="also write the figures to this path")
    args = p.parse_args(argv)
    if args.count < 1 or args.batch < 1 or args.single < 0:
        p.error("--count and --batch must be >= 1, --single >= 0")
    return args


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes spent so far (user + nice + system + irq), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def machine() -> dict:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cores": cores, "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": sys.version.split()[0], "platform": platform.platform()}


def make_texts(count: int, seed: int) -> list[str]:
    from apps.feedback.analysis import training

    examples = training.load_examples()
    if not examples:
        raise SystemExit("feedback_analysis.py: no labelled texts in "
                         f"{training.DATA_DIR}/*.jsonl")
    by_language: dict[str, list[str]] = {}
    for example in examples:
        by_language.setdefault(example.language, []).append(example.text)
    rng = random.Random(seed)  # noqa: S311 (varied texts, not secrets)
    texts = []
    for i in range(count):
        round_, example = divmod(i, len(examples))
        text = examples[example].text
        if round_ % 2 == 1:
            others = by_language[examples[example].language]
            text = f"{text} {others[(example + round_) % len(others)]}"
        elif round_:
            text = f"{text} ({round_ * 1000 + rng.randint(0, 999)})"
        texts.append(text)
    return texts


def stage_times(texts: list[str]) -> dict[str, float]:
    """Seconds per stage for one batch, each stage timed alone."""
    from apps.feedback.analysis import classifier, features, language

    cleaned = [features.clean(t) for t in texts]
    model = classifier.get_model()
    out = {}
    started = time.perf_counter()
    language.detect_languages(cleaned)
    out["language (lingua + rules)"] = time.perf_counter() - started
    started = time.perf_counter()
    emb = features.embed(cleaned)
    out["sentence embedding (USE v3)"] = time.perf_counter() - started
    started = time.perf_counter()
    tfidf = features.ngram_tfidf(features.hashed_ngrams(cleaned), model.vocab, model.idf)
    for head in model.heads.values():
        head.probabilities(emb, tfidf)
    out["n-grams + classifiers"] = time.perf_counter() - started
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from apps.feedback import analysis
    from apps.feedback.analysis import features

    if args.use_threads is not None:
        features.USE_THREADS = args.use_threads
    info = machine()
    print(f"machine: {info['cores']} cores, load average {info['load_average']} "
          f"(1/5/15 min); Python {info['python']}; {info['platform']}")

    started = time.perf_counter()
    analysis.load()
    load_seconds = time.perf_counter() - started
    print(f"model load: {load_seconds:.1f} s (lingua, USE v3, classifiers), "
          f"model version {analysis.MODEL_VERSION}, encoder BLAS threads {features.USE_THREADS}")

    texts = make_texts(args.count + args.single, args.seed)
    batch_texts, single_texts = texts[:args.count], texts[args.count:]
    chars = sum(map(len, batch_texts)) / len(batch_texts)
    print(f"texts: {len(batch_texts)} in batches of {args.batch}, {chars:.0f} characters on "
          f"average, {len(set(batch_texts))} distinct")

    busy0, cpu0, started = machine_busy_seconds(), cpu_seconds(), time.perf_counter()
    results = []
    for i in range(0, len(batch_texts), args.batch):
        results.extend(analysis.analyze_texts(batch_texts[i:i + args.batch]))
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu0
    busy1 = machine_busy_seconds()
    rate = len(batch_texts) / elapsed
    print(f"batch: {len(batch_texts)} items in {elapsed:.2f} s = {rate:.0f} items/s "
          f"(process CPU {cpu / elapsed:.2f} cores, {1000 * cpu / len(batch_texts):.2f} ms "
          "CPU per item)")
    others = None
    if busy0 is not None and busy1 is not None:
        # Share of the machine's cores that other processes used meanwhile: the VM is shared,
        # and a run that competed for the cores says little about the code.
        others = max(0.0, (busy1 - busy0 - cpu) / (elapsed * (info["cores"] or 1)))
        flag = "  <- noisy run, compare with care" if others > 0.10 else ""
        print(f"other processes: {100 * others:.0f} % of the machine's CPU{flag}")

    single_rate = None
    if single_texts:
        started = time.perf_counter()
        for text in single_texts:
            analysis.analyze_text(text)
        single_rate = len(single_texts) / (time.perf_counter() - started)
        print(f"single: {len(single_texts)} analyze_text calls = {single_rate:.0f} items/s")

    stages = stage_times(batch_texts[:args.batch])
    total = sum(stages.values())
    print(f"stages on one batch of {min(args.batch, len(batch_texts))}:")
    for name, seconds in stages.items():
        print(f"  {name:<30}{seconds:7.2f} s  {100 * seconds / total:4.0f} %")

    languages = Counter(r.language for r in results)
    print("languages found: " + ", ".join(f"{k or '?'} {v}" for k, v in languages.most_common()))
    load_after = [round(x, 2) for x in os.getloadavg()]
    verdict = "meets" if rate >= TARGET_ITEMS_PER_SECOND else "misses"
    print(f"target: >= {TARGET_ITEMS_PER_SECOND:.0f} items/s on 2 cores: {rate:.0f} items/s "
          f"{verdict} it (load average after: {load_after})")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": info, "load_average_after": load_after, "load_seconds": load_seconds,
            "model_version": analysis.MODEL_VERSION, "use_threads": features.USE_THREADS,
            "count": len(batch_texts), "batch": args.batch, "mean_chars": chars,
            "items_per_second": rate, "cpu_cores_used": cpu / elapsed,
            "other_processes_cpu_share": others,
            "single_items_per_second": single_rate, "stage_seconds": stages,
            "target_items_per_second": TARGET_ITEMS_PER_SECOND,
        }, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
