"""UTF-8 text with a few stray bytes: told apart from a legacy encoding, and located.

A UTF-8 export may carry a byte another program pasted in (a lone 0xA0 from a
Mac clipboard, a 0xFF from a broken copy). Judged as a whole, such a file is
not valid UTF-8, and an encoding detector then picks a legacy code page that
turns every accent of the file into two wrong characters. `mostly_utf8` says
when a sample is UTF-8 with a few bad bytes (its well-formed multi-byte
characters outnumber its bad bytes: a legacy file has accents that are not
UTF-8 sequences, and almost never one that is); `invalid_utf8_lines` names
the lines holding bad bytes, so that they can be replaced by U+FFFD with a
warning instead of garbling the rest.
"""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

# A well-formed UTF-8 multi-byte character (lead byte, then continuation bytes).
_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BLOCK_BYTES = 1 << 20
# Bad bytes counted at most (a file with more is not "UTF-8 with a few stray bytes").
_MAX_COUNTED = 1000


def mostly_utf8(sample: bytes) -> bool:
    """Whether `sample`, not valid UTF-8, is UTF-8 with a few bad bytes: its well-formed
    multi-byte characters outnumber its invalid bytes."""
    bad = 0
    position = 0
    while bad < _MAX_COUNTED:
        try:
            sample[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            if position + error.start >= len(sample) - 3:
                break  # a character cut at the end of the sample
            bad += 1
            position += error.end
    return len(_MULTIBYTE.findall(sample)) > bad


def misread_utf8(sample: bytes, encoding: str) -> str | None:
    """When `sample` is UTF-8 (`mostly_utf8`) and `encoding`, given for it, is another
    encoding: how `encoding` reads its first accent (`'é' as 'Ã©'`); else None.

    A single-byte code page (latin-1, cp850) reads any bytes: a script giving `--encoding
    latin-1` for every export read a UTF-8 one with each accent as two or three wrong
    characters, tagged and written so without a word. UTF-16 and UTF-32 are told apart
    by their NUL bytes and byte-order marks, not here. Raises LookupError for an encoding
    Python does not know."""
    if codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    if not mostly_utf8(sample):
        return None
    start = len(codecs.BOM_UTF8) if sample.startswith(codecs.BOM_UTF8) else 0
    first = _MULTIBYTE.search(sample, start) or _MULTIBYTE.search(sample)
    if first is None:
        return None
    accent = first.group()
    return f"{accent.decode('utf-8')!r} as {accent.decode(encoding, errors='replace')!r}"


def invalid_utf8_lines(path: Path, encoding: str) -> list[int]:
    """The (1-based) lines of `path` holding bytes that are not UTF-8; [] for a clean
    file or another encoding. Computed once per version of the file (a command reads
    its input several times)."""
    if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        return []
    status = path.stat()
    return list(_invalid_lines(path.resolve(), status.st_size, status.st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _invalid_lines(path: Path, size: int, modified: int) -> tuple[int, ...]:
    """`invalid_utf8_lines` of one version of a file (`size`, `modified` key the cache):
    one quick pass decoding blocks, and a pass line by line only when it fails."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        try:
            while block := handle.read(_BLOCK_BYTES):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return ()
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        found = []
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                found.append(number)
        return tuple(found)
