"""Many short strings held as one UTF-8 buffer and an offsets array.

The needs step of a bulk run keeps four strings per ask (text, respondent,
language, questionnaire language) in the main process until the whole file is
tagged: about 650,000 asks for a million answers. As Python `str` objects in
lists they take about 450 bytes per ask (object headers, two bytes per
character for accented text, a pointer each); `PackedStrings` holds the same
strings as one bytes object per chunk, about 190 bytes per ask (their UTF-8
length plus an 8-byte offset each), decoded only when grouping reads one.

Encoding uses `surrogatepass`, so any Python string (even one with a lone
surrogate from a JSON escape) round-trips. UTF-8 byte order is code point
order, so sorting by `raw(i)` sorts as the strings themselves would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

_ERRORS = "surrogatepass"


class PackedStrings(Sequence):
    """An immutable sequence of `str` (or None) stored as UTF-8 bytes and offsets."""

    __slots__ = ("_buffer", "_missing", "_offsets")

    def __init__(self, buffer: bytes, offsets: np.ndarray, missing: np.ndarray | None) -> None:
        self._buffer = buffer
        self._offsets = offsets  # (n + 1,) int64: string i is buffer[offsets[i]:offsets[i + 1]]
        self._missing = missing  # (n,) bool, True where the value is None; None if none is

    @classmethod
    def of(cls, values: Iterable[str | None]) -> PackedStrings:
        """Pack `values` (strings or None), in order."""
        encoded: list[bytes] = []
        missing: list[bool] = []
        for value in values:
            missing.append(value is None)
            encoded.append(b"" if value is None else value.encode("utf-8", _ERRORS))
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        return cls(
            b"".join(encoded),
            _offsets(lengths),
            np.array(missing, dtype=bool) if any(missing) else None,
        )

    @classmethod
    def join(cls, parts: Sequence[PackedStrings]) -> PackedStrings:
        """The strings of `parts`, end to end."""
        if not parts:
            return cls.of([])
        starts = np.cumsum([0] + [len(p._buffer) for p in parts[:-1]])
        offsets = np.concatenate(
            [np.zeros(1, dtype=np.int64)]
            + [p._offsets[1:] + start for p, start in zip(parts, starts.tolist(), strict=True)]
        )
        missing = (
            np.concatenate([p._missing_mask() for p in parts])
            if any(p._missing is not None for p in parts)
            else None
        )
        return cls(b"".join(p._buffer for p in parts), offsets, missing)

    def take(self, rows: Sequence[int] | np.ndarray) -> PackedStrings:
        """The strings at `rows`, in that order."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        starts, ends = self._offsets[rows], self._offsets[rows + 1]
        buffer = b"".join(
            self._buffer[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
        )
        missing = self._missing[rows] if self._missing is not None else None
        return PackedStrings(
            buffer,
            _offsets(ends - starts),
            missing if missing is not None and missing.any() else None,
        )

    def raw(self, index: int) -> bytes:
        """String `index` as UTF-8 bytes (b"" for None): a sort key in code point order."""
        return self._buffer[self._offsets[index] : self._offsets[index + 1]]

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> str | None:  # an int only: slices are not needed
        if not isinstance(index, (int, np.integer)):
            raise TypeError(f"PackedStrings indices are integers, not {type(index).__name__}")
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("PackedStrings index out of range")
        if self._missing is not None and self._missing[index]:
            return None
        return self.raw(int(index)).decode("utf-8", _ERRORS)

    def __repr__(self) -> str:
        return f"PackedStrings({len(self)} strings, {len(self._buffer)} bytes)"

    def _missing_mask(self) -> np.ndarray:
        return self._missing if self._missing is not None else np.zeros(len(self), dtype=bool)


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """Start offsets of consecutive strings of `lengths` bytes, and the end (n + 1 values)."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return offsets
