"""spaCy's French token_match expression, matched without compiling it whole.

spaCy's French tokenizer keeps hyphenated and elided words whole ("hip-hop",
"aujourd'hui") with one expression of 266 alternatives full of large letter
classes, whose compilation takes 2-5 s. `LazyTokenMatch` stands in for it:
the same results, compiled piece by piece only when a string needs it, behind
two exact filters. `letter_classes_compiled_lazily` puts it in place while
spaCy's French data is imported.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator

from spacy.lang.char_classes import ALPHA, ALPHA_LOWER

# A superset of spaCy's letter classes (ALPHA, ALPHA_LOWER), cheap to compile: anything but
# ASCII white space, digits and punctuation (ALPHA holds other scripts' digits, and U+3000);
# tests/test_speed.py checks every code point.
WIDE_LETTER = r"[^\t\n\r\f\v !-@\[-`{-~]"


class LazyTokenMatch:
    """A token_match expression whose costly parts are compiled only when needed.

    The expression is spaCy's: inline flags, then alternatives `(?:^...$)`
    joined by `|`, most of them with large letter classes, which make the
    compilation slow. Each alternative gets a *filter*: itself with the letter
    classes widened to anything but ASCII white space, digits and punctuation
    (`WIDE_LETTER`), cheap to compile and matching every string the alternative
    matches. `match` tries the
    alternatives in order, as the full expression does, and compiles one only
    when a string passes its filter: a string the filters reject is rejected
    exactly, and the result is always the full expression's. `pattern` is kept,
    as spaCy reads it when serializing a tokenizer.

    Before the filters, a cheaper test: every alternative of spaCy's French
    expression must match a hyphen or an apostrophe somewhere (a character
    class of its own sequence, neither optional nor holding a letter), so a
    string without any of those characters matches none of them. Trying 266
    alternatives on every word took a tenth of a worker's time; most words
    have no hyphen. The test is built from the expression itself
    (`required_class`), and left out when an alternative has no such class.
    """

    def __init__(self, pattern: str, flags: int, compile_now) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compile = compile_now
        inline = re.match(r"\(\?[a-zA-Z]+\)", pattern)
        self._prefix = inline.group(0) if inline else ""
        self._alternatives = top_level_alternatives(pattern[len(self._prefix) :])
        # All filters in one expression, one group per alternative: a match names the first
        # alternative whose filter passes.
        pieces = [_pieces(a) for a in self._alternatives]  # read once: 266 long expressions
        # Each alternative's filter, kept for `_passes_filter`.
        self._widened = [_widened_pieces(p) for p in pieces]
        self._any = compile_now(self._prefix + "|".join(f"({w})" for w in self._widened), flags)
        classes = [_required_in(p) for p in pieces]
        self._required = (
            compile_now(self._prefix + "|".join(sorted(set(classes))), flags)  # type: ignore[arg-type]
            if classes and None not in classes and not _verbose(pattern, flags)
            else None
        )
        self._filters: list[re.Pattern | None] = [None] * len(self._alternatives)
        self._compiled: list[re.Pattern | None] = [None] * len(self._alternatives)

    @property
    def compiled(self) -> int:
        """How many alternatives have been compiled in full."""
        return sum(p is not None for p in self._compiled)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        """`re.Pattern.match` of the full expression."""
        args = (pos, endpos)
        if self._required is not None and self._required.search(string, *args) is None:
            return None
        first = self._any.match(string, *args)
        if first is None:
            return None
        # The first alternative whose filter passes (when the alternatives hold no group of
        # their own, the group that matched says which); the next ones are filtered in turn.
        start = first.lastindex - 1 if self._any.groups == len(self._alternatives) else 0
        for index in range(start, len(self._alternatives)):
            if index > start and not self._passes_filter(index, string, *args):
                continue
            if self._compiled[index] is None:
                self._compiled[index] = self._compile(
                    self._prefix + self._alternatives[index], self.flags
                )
            found = self._compiled[index].match(string, *args)
            if found is not None:
                return found
        return None

    def _passes_filter(self, index: int, string: str, *args) -> bool:
        """Whether `string` passes alternative `index`'s filter (compiled on first use)."""
        if self._filters[index] is None:
            self._filters[index] = self._compile(self._prefix + self._widened[index], self.flags)
        return self._filters[index].match(string, *args) is not None

    def __getattr__(self, name: str):
        # Any other use of the expression (search, sub, ...) gets the full one, compiled.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._compile(self.pattern, self.flags), name)


# The pieces of a regular expression that matter to split it at its top-level `|`: an
# escape, a character class (a `]` right after `[` or `[^` is a literal), a parenthesis,
# a bar, or a run of anything else.
_PATTERN_PIECE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]|[^\\\[()|]+", re.DOTALL)


def top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern` at depth 0 (`a|(b|c)|[|]` -> `a`, `(b|c)`, `[|]`)."""
    parts, depth, start = [], 0, 0
    for piece in _PATTERN_PIECE.finditer(pattern):
        text = piece.group()
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "|" and depth == 0:
            parts.append(pattern[start : piece.start()])
            start = piece.end()
    parts.append(pattern[start:])
    return parts


@contextlib.contextmanager
def letter_classes_compiled_lazily() -> Iterator[None]:
    """While importing spaCy's French data, compile its letter-class expressions lazily."""
    compile_now = re.compile

    def compile_later(pattern, flags=0):
        if (
            isinstance(pattern, str)
            and (ALPHA in pattern or ALPHA_LOWER in pattern)
            # white space and `#` comments: the pieces are not the expression's
            and not _verbose(pattern, flags)
        ):
            return LazyTokenMatch(pattern, flags, compile_now)
        return compile_now(pattern, flags)

    re.compile = compile_later
    try:
        yield
    finally:
        re.compile = compile_now


def _verbose(pattern: str, flags: int) -> bool:
    """Whether `pattern` is read in verbose mode (re.VERBOSE, or `x` in its leading flags),
    where white space and `#` comments make pieces that are not the expression's: a
    quantifier after a space (`[-] ?`) applies to the class before it."""
    inline = re.match(r"\(\?[a-zA-Z]+\)", pattern)
    return bool(flags & re.VERBOSE) or (inline is not None and "x" in inline.group())


def _pieces(pattern: str) -> list[str]:
    """`pattern` cut into `_PATTERN_PIECE`s."""
    return [piece.group() for piece in _PATTERN_PIECE.finditer(pattern)]


def _widened_pieces(pieces: list[str]) -> str:
    """The expression of `pieces` with each character class holding spaCy's letters widened
    to `WIDE_LETTER` (its other characters kept)."""
    widened = []
    for text in pieces:
        if text.startswith("[") and not text.startswith("[^") and len(text) > 2:
            inside = text[1:-1]
            rest = inside.replace(ALPHA_LOWER, "").replace(ALPHA, "")
            if rest != inside:
                text = f"(?:{WIDE_LETTER}|[{rest}])" if rest else WIDE_LETTER
        widened.append(text)
    return "".join(widened)


def required_class(alternative: str) -> str | None:
    """A character class that every string `alternative` matches holds a character of,
    and that holds no letter (the first one), else None.

    Such a class is one of the pieces of the alternative's own sequence (inside
    the one group `(?:...)` wrapping it, if any), outside any nested group,
    not followed by a quantifier that allows zero (`?`, `*`, `{`), and written
    without a letter, so without escapes like `\\w` either. Anything else
    (several branches, a negated class, a comment `(?#...)`, which may stand between a
    class and its quantifier: `[-](?#c)?`) gives None.
    """
    return _required_in(_pieces(alternative))


def _required_in(pieces: list[str]) -> str | None:
    """`required_class` of an alternative cut into pieces."""
    if any(text.startswith("?#") for text in pieces):
        return None
    depths, depth = [], 0
    for text in pieces:
        depth += (text == "(") - (text == ")")
        depths.append(depth)  # after the piece: a group's "(" and its content are one deeper
    wrapped = (
        len(pieces) > 2
        and pieces[0] == "("
        and pieces[1].startswith("?:")
        and pieces[-1] == ")"
        and 0 not in depths[:-1]
    )
    level = 1 if wrapped else 0  # the depth of the alternative's own sequence
    if any(text == "|" and d == level for text, d in zip(pieces, depths, strict=True)):
        return None
    for index, text in enumerate(pieces):
        if depths[index] != level or not text.startswith("[") or text.startswith("[^"):
            continue
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if not following.startswith(("?", "*", "{")) and not any(c.isalpha() for c in text):
            return text
    return None
