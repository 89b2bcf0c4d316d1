"""The trained sentiment and axis classifiers: linear models over the features, numpy only.

The artifact (model/feedback-model.npz) holds plain arrays, read with allow_pickle=False:

- ngram_vocab (V,) int32: sorted hash ids of the char n-grams seen in training;
- ngram_idf (V,) float16;
- for each task T in TASKS: T_classes (k,) unicode, T_w_emb (k, 512) float32,
  T_w_ngram (k, V) float16, T_bias (k,) float32;
- ngram_range (2,) and hash_features () int64, checked against features.py.

Logits are bias + embedding @ w_emb.T + tfidf @ w_ngram.T, probabilities their softmax. How the
two blocks were weighted in training is folded into the weights, so inference needs nothing
else. model/feedback-model.json (metadata: data counts, settings, versions) is informative only.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import features

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_PATH = MODEL_DIR / "feedback-model.npz"
METADATA_PATH = MODEL_DIR / "feedback-model.json"
TASKS = ("sentiment", "axis")
SENTIMENTS = ("negative", "neutral", "positive")
AXES = ("culture", "green", "inclusion", "other", "tech")


class ModelMissing(RuntimeError):
    """No trained artifact: run `manage.py train_feedback_model`."""


@dataclass(frozen=True)
class LinearHead:
    classes: tuple[str, ...]
    w_emb: np.ndarray
    w_ngram: np.ndarray
    bias: np.ndarray
    # (V, k) C-ordered copy: sparse @ w_ngram.T would copy the transposed view on every call.
    w_ngram_t: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "w_ngram_t", np.ascontiguousarray(self.w_ngram.T))

    def probabilities(self, emb: np.ndarray, tfidf) -> np.ndarray:
        logits = emb @ self.w_emb.T + np.asarray(tfidf @ self.w_ngram_t) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        return logits


@dataclass(frozen=True)
class FeedbackModel:
    version: str
    vocab: np.ndarray
    idf: np.ndarray
    heads: dict[str, LinearHead]

    def predict(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Class probabilities per task for cleaned, non-empty texts."""
        emb = features.embed(texts)
        tfidf = features.ngram_tfidf(features.hashed_ngrams(texts), self.vocab, self.idf)
        return {task: head.probabilities(emb, tfidf) for task, head in self.heads.items()}


def file_version(path: Path) -> str:
    """First 16 hex digits of the artifact's SHA-256: MODEL_VERSION."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def load_model(path: Path = MODEL_PATH) -> FeedbackModel:
    if not path.exists():
        raise ModelMissing(f"{path} not found: run `manage.py train_feedback_model` first")
    with np.load(path, allow_pickle=False) as z:
        arrays = {name: z[name] for name in z.files}
    if (tuple(int(n) for n in arrays["ngram_range"]) != features.NGRAM_RANGE
            or int(arrays["hash_features"]) != features.HASH_FEATURES):
        raise ModelMissing(f"{path} was trained with other n-gram settings: re-train it")
    heads = {
        task: LinearHead(
            classes=tuple(str(c) for c in arrays[f"{task}_classes"]),
            w_emb=arrays[f"{task}_w_emb"].astype(np.float32),
            w_ngram=arrays[f"{task}_w_ngram"].astype(np.float32),
            bias=arrays[f"{task}_bias"].astype(np.float32),
        )
        for task in TASKS
    }
    return FeedbackModel(version=file_version(path),
                         vocab=arrays["ngram_vocab"].astype(np.int64),
                         idf=arrays["ngram_idf"].astype(np.float32), heads=heads)


_lock = threading.Lock()
_model: FeedbackModel | None = None


def get_model() -> FeedbackModel:
    """The installed artifact, loaded once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = load_model()
    return _model
