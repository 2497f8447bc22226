"""The needs catalogue: the collective needs members raise, as staff code them.

A survey coder's codeframe has two levels under a theme: the specific
*suggestion* ("translate the newsletter into Spanish") and the collective
*need* it answers ("Spanish-language access to the alliance's content and
events"). The catalogue lists the needs, each with a stable id, its themes,
a short label in every answer language and one line on what belongs to it and
what does not. It also lists *sub-topics*, the level between a theme and its
needs, used to measure how the model holds up on topics it has not seen.

Staff rename and merge needs over the years; files tagged, labeled or
reviewed before carry the old ids. A need lists the ids it `replaces` (its
former id, or the needs merged into it), so those files line up with the
catalogue of today: `current_id` reads an old id as the need that holds it now.

The catalogue is configuration staff edit beside the codebook (same YAML
conventions), so it is validated strictly: a problem is named in one sentence
instead of failing later. Pairs of needs that look alike but were reviewed and
kept apart are listed under `reviewed_distinct`, so the near-duplicate check
does not raise them again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import CodebookError, UnknownIdError
from .vocab import LANGUAGES, NEW_NEED_PREFIX, SAVED_WHEN_SET, SNAKE_CASE_ID

_SUBTOPIC_PATTERN = re.compile(r"[a-z][a-z0-9_]*:[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# What a need entry of the file holds: a key outside these (`replace:` for `replaces:`)
# would be dropped without a word, and a rename would then line up nothing.
NEED_KEYS = frozenset({"id", "themes", "subtopic", "label", "scope", "replaces"})
SUBTOPIC_KEYS = frozenset({"id", "theme", "label", "scope"})


@dataclass(frozen=True)
class Subtopic:
    """A topic inside a theme (`theme:name`), between the theme and its needs, with a label
    per language (a file may give one plain label: it is then the English one)."""

    id: str
    theme: str
    label: dict[str, str]
    scope: str = ""

    def __post_init__(self) -> None:
        # One plain label (a catalogue file may give one, and models saved before sub-topics
        # had a label per language hold one) is the English one; empty labels are dropped.
        label = self.label if isinstance(self.label, dict) else {"en": self.label}
        object.__setattr__(self, "label", {str(k): str(v) for k, v in label.items() if v})

    def label_in(self, language: str) -> str:
        """The label in `language`, falling back to English, then to the id's name."""
        return self.label.get(language) or self.label.get("en") or self.id.split(":", 1)[-1]


@dataclass(frozen=True)
class CatalogueNeed:
    """One collective need: id, themes (main first), sub-topic, labels, scope, and the ids
    it replaces (its former id after a rename, the ids of needs merged into it)."""

    id: str
    themes: tuple[str, ...]
    label: dict[str, str]
    scope: str = ""
    subtopic: str | None = None
    # saved in a model file only when set: a model saved before renames existed, loaded and
    # saved again, holds the same document
    replaces: tuple[str, ...] = field(default=(), metadata={SAVED_WHEN_SET: True})

    def label_in(self, language: str) -> str:
        """The label in `language`, falling back to English."""
        return self.label.get(language) or self.label["en"]


@dataclass(frozen=True)
class NeedsCatalogue:
    """The needs of a codebook, with their sub-topics and reviewed look-alike pairs."""

    name: str
    version: int | str
    codebook: str
    needs: tuple[CatalogueNeed, ...]
    subtopics: tuple[Subtopic, ...] = ()
    reviewed_distinct: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise CodebookError(f"invalid needs catalogue {self.name!r}: " + "; ".join(problems))

    @property
    def need_ids(self) -> list[str]:
        """Need ids in catalogue order."""
        return [need.id for need in self.needs]

    def need(self, need_id: str) -> CatalogueNeed:
        """The need with this id (UnknownIdError when the catalogue has none)."""
        found = next((n for n in self.needs if n.id == need_id), None)
        if found is None:
            raise UnknownIdError(f"no need {need_id!r} in catalogue {self.name!r}")
        return found

    def current_id(self, need_id: str) -> str:
        """The id a need has in this catalogue: the need that `replaces` `need_id` (renamed
        or merged since), else `need_id` itself (a catalogue need's, a new need's, or an id
        the catalogue does not know, which callers name as such)."""
        return self.replaced_by.get(need_id, need_id)

    @functools.cached_property
    def replaced_by(self) -> dict[str, str]:
        """Former need id (renamed or merged since) -> the need that replaces it, in
        catalogue order."""
        return replacements(self.needs)

    @functools.cached_property
    def known_ids(self) -> frozenset[str]:
        """Every id that names one of its needs: the needs' own and the ids they replace
        (renamed or merged since), which read as the needs that replace them."""
        return frozenset(self.need_ids) | frozenset(self.replaced_by)

    def id_spelt_as(self, text: str) -> str | None:
        """The id of `known_ids` that `text` is, read without its case, spaces and hyphens
        (`Timely_Replies`, `timely replies` -> timely_replies), or None."""
        return self._ids_by_spelling.get(_spelling(text))

    def id_labelled(self, text: str) -> str | None:
        """The need whose label in one of its languages `text` is, whatever its case and
        spaces, or None."""
        return self._ids_by_label.get(" ".join(text.casefold().split()))

    @functools.cached_property
    def _ids_by_spelling(self) -> dict[str, str]:
        """`id_spelt_as`'s table, built once: staff-typed ids are looked up one by one."""
        return {_spelling(known): known for known in self.known_ids}

    @functools.cached_property
    def _ids_by_label(self) -> dict[str, str]:
        """`id_labelled`'s table, built once."""
        return {
            " ".join(label.casefold().split()): need.id
            for need in self.needs
            for label in need.label.values()
        }

    def label(self, need_id: str, language: str = "en") -> str:
        """A need's label in `language`, falling back to English."""
        return self.need(need_id).label_in(language)

    def subtopic_of(self, need_id: str) -> Subtopic | None:
        """The sub-topic of a catalogue need (None for a need without one, or not in the
        catalogue)."""
        need = next((n for n in self.needs if n.id == need_id), None)
        if need is None or need.subtopic is None:
            return None
        return next(s for s in self.subtopics if s.id == need.subtopic)

    def is_reviewed_distinct(self, first: str, second: str) -> bool:
        """True when staff reviewed this pair of needs and kept them apart."""
        pair = tuple(sorted((first, second)))
        return any(tuple(sorted(entry[:2])) == pair for entry in self.reviewed_distinct)

    def themes_outside(self, theme_ids: Iterable[str]) -> dict[str, list[str]]:
        """The themes its needs and sub-topics name that `theme_ids` lacks, each with the
        needs and sub-topics naming it ("need budget_transparency"), in catalogue order:
        what an error names, so staff find the entries to correct."""
        known = set(theme_ids)
        named = [(theme, f"need {need.id}") for need in self.needs for theme in need.themes]
        named += [(subtopic.theme, f"sub-topic {subtopic.id}") for subtopic in self.subtopics]
        unknown: dict[str, list[str]] = {}
        for theme, entry in named:
            if theme not in known:
                unknown.setdefault(theme, []).append(entry)
        return unknown

    def with_needs(self, needs: Sequence[CatalogueNeed], version: int | str) -> NeedsCatalogue:
        """A new version of the catalogue holding `needs` instead (validated). Reviewed pairs
        naming a need that is no longer there are dropped: nothing is left to keep apart."""
        kept = {need.id for need in needs}
        return NeedsCatalogue(
            name=self.name,
            version=version,
            codebook=self.codebook,
            needs=tuple(needs),
            subtopics=self.subtopics,
            reviewed_distinct=tuple(
                entry for entry in self.reviewed_distinct if set(entry[:2]) <= kept
            ),
        )

    def to_dict(self) -> dict:
        """The catalogue as plain data, in the YAML file's structure."""
        return {
            "name": self.name,
            "version": self.version,
            "codebook": self.codebook,
            "subtopics": [
                {"id": s.id, "theme": s.theme, "label": dict(s.label), "scope": s.scope}
                for s in self.subtopics
            ],
            "needs": [
                {
                    "id": n.id,
                    "themes": list(n.themes),
                    "subtopic": n.subtopic,
                    "label": dict(n.label),
                    "scope": n.scope,
                    # only when there are some: the content hash of a catalogue without
                    # renames stays what it was before `replaces` existed
                    **({"replaces": list(n.replaces)} if n.replaces else {}),
                }
                for n in self.needs
            ],
            "reviewed_distinct": [list(entry) for entry in self.reviewed_distinct],
        }

    def to_yaml(self) -> str:
        """The catalogue as YAML text, in the file's structure."""
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)

    @property
    def hash(self) -> str:
        """A short content hash, recorded in the card of a model trained with the catalogue."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_dict(cls, data: object, source: str = "needs catalogue") -> NeedsCatalogue:
        """Build a catalogue from parsed YAML, rejecting malformed structure."""
        if not isinstance(data, dict):
            raise CodebookError(f"{source}: the file must be a mapping with name, version, needs")
        missing = [key for key in ("name", "version", "codebook", "needs") if key not in data]
        if missing:
            raise CodebookError(f"{source}: missing key(s) {', '.join(missing)}")
        if not isinstance(data["needs"], list):
            raise CodebookError(f"{source}: 'needs' must be a list")
        refuse_empty(data, ("name", "codebook"), source)
        subtopics = tuple(
            _subtopic_from_dict(raw, source) for raw in _mappings(data, "subtopics", source)
        )
        needs = tuple(_need_from_dict(raw, source) for raw in _mappings(data, "needs", source))
        reviewed = _pairs_of_today(
            [
                _reviewed_pair(entry, position, source)
                for position, entry in enumerate(_section(data, "reviewed_distinct", source), 1)
            ],
            needs,
        )
        version = version_value(data["version"], source)
        try:
            return cls(
                name=str(data["name"]),
                version=version,
                codebook=str(data["codebook"]),
                needs=needs,
                subtopics=subtopics,
                reviewed_distinct=reviewed,
            )
        except CodebookError as error:
            raise CodebookError(f"{source}: {error}") from error

    @classmethod
    def load(cls, path: str | Path) -> NeedsCatalogue:
        """Load a catalogue YAML file."""
        source = str(path)
        return cls.from_dict(read_yaml(Path(path), "needs catalogue", source), source)


class _RepeatedKeyError(yaml.YAMLError):
    """A mapping of a YAML file gives the same key twice."""

    def __init__(self, key: object, first_line: int, line: int) -> None:
        lines = f"line {line}" if line == first_line else f"lines {first_line} and {line}"
        super().__init__(f"the key {key!r} twice in one place (on {lines})")


class _UniqueKeys:
    """A PyYAML safe loader's mapping constructor, refusing a mapping that repeats a key:
    the plain loader keeps the last one silently (a second `themes:` block would replace
    the first). Keys brought in by a merge key (`<<: *anchor`) may still be overridden."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        first_nodes: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = first_nodes.setdefault(key, key_node)
            except TypeError:  # a key that cannot be one: the base loader names it
                continue
            if first is not key_node:
                raise _RepeatedKeyError(
                    key, first.start_mark.line + 1, key_node.start_mark.line + 1
                )
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_UniqueKeys, yaml.SafeLoader):
    """The safe loader in Python, refusing repeated keys: its syntax errors quote the line
    at fault, so a file libyaml refuses is read again with it for the message."""


# libyaml's parser (in PyYAML's wheels) reads the 240 kB needs catalogue in 0.03 s where the
# Python parser takes 0.5 s, at every codebook load (each training, `report`, `needs`);
# the same constructor, so the same values and repeated-key errors.
class _FastUniqueKeyLoader(_UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader (PyYAML's own when built without it), refusing repeated keys."""


def _quote_hint(value: object) -> str:
    """How to write as a text a value YAML read as something else (a yes/no, a number, a
    date); '' for other values (missing, a list, a mapping), where quotes would not help."""
    if value is None or isinstance(value, str | list | dict):
        return ""
    return f" (YAML reads it as {value!r}: put it in quotes)"


def version_value(value: object, source: str) -> int | str:
    """A codebook's or catalogue's `version`: a whole number or a text. Anything else YAML
    read is refused: a number with decimals above all, since `1.10` reads as 1.1 and
    `2026.10` as 2026.1 (the model card, the registry and the next catalogue version
    would name another version than the file's), and a date, a yes/no or a list."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise CodebookError(
            f"{source}: version must be a whole number or a text"
            + (_quote_hint(value) or f", not {value!r}")
        )
    return value


def text_field(value: object, where: str) -> str:
    """A text field of a catalogue or codebook entry ('' when absent); `where` names it in
    the error, which says what YAML read (a yes/no, a number, a date, a list: `[a, b]` or
    a line starting with `- `) and to put the text in quotes."""
    if value is None:
        return ""
    if not isinstance(value, str):
        hint = _quote_hint(value) or (
            f" (YAML reads it as a {'list' if isinstance(value, list) else 'mapping'}, "
            f"{value!r}: put the whole text in quotes)"
        )
        raise CodebookError(f"{where} is not a text{hint}")
    return value


def label_mapping(label: object, where: str) -> dict[str, str]:
    """A theme's or need's label mapping, checked: language codes as keys, non-empty texts
    as values (`where` names the entry in the error).

    An unquoted comma in a YAML flow mapping (`{en: Information, research and
    communication, ...}`) makes "research and communication" a key with no value:
    that is refused here, rather than the label silently cut at the comma. So is a
    label YAML reads as another value (`en: yes` is True, `fr: 1.10` is 1.1).
    """
    if not isinstance(label, dict):
        raise CodebookError(f"{where} has no label mapping (need {', '.join(LANGUAGES)})")
    problems = [
        f"{key!r} is not a language (a label with a comma must be quoted)"
        for key in map(str, label)
        if key not in LANGUAGES
    ] + [
        f"the {key} label is not a text{_quote_hint(value)}"
        for key, value in label.items()
        if str(key) in LANGUAGES and (not isinstance(value, str) or not value.strip())
    ]
    if problems:
        raise CodebookError(f"{where}: " + "; ".join(problems))
    return {str(key): value.strip() for key, value in label.items()}


def read_yaml(path: Path, what: str, source: str) -> object:
    """The parsed YAML of a codebook or needs catalogue file (`what` says which, `source`
    names the file in messages).

    Staff edit these files by hand, so what would fail later with a Python error is
    refused here in one sentence: a file that cannot be read, that is not saved as UTF-8
    (Windows-1252, UTF-16; a UTF-8 BOM is fine) or that repeats a key (YAML would keep
    the last one and drop the first without a word).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CodebookError(f"cannot read {what} {source}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise CodebookError(
            f"{what} {source} is not saved as UTF-8 (byte {error.object[error.start]:#04x} on "
            f"line {line} is not UTF-8, as in a file saved as Windows-1252/ANSI or UTF-16): "
            "save it again with the encoding UTF-8"
        ) from error
    try:
        return _parsed(text)
    except _RepeatedKeyError as error:
        raise CodebookError(
            f"{what} {source} gives {error}; YAML would silently keep only the last one: "
            "merge the two or delete one"
        ) from error
    except yaml.YAMLError as error:
        raise CodebookError(f"{source} is not valid YAML: {error}") from error


def _parsed(text: str) -> object:
    """The YAML `text` parsed by libyaml; when it is not valid, parsed again in Python,
    whose error quotes the line at fault (libyaml's names only its number)."""
    try:
        return yaml.load(text, Loader=_FastUniqueKeyLoader)
    except _RepeatedKeyError:
        raise
    except yaml.YAMLError:
        return yaml.load(text, Loader=_UniqueKeyLoader)


# What an entry of each list of mappings of a catalogue file holds: the keys it must have,
# and how it is written (said when an entry is not one).
ENTRY_FORMS = {
    "subtopics": (("id", "theme"), "a sub-topic is a mapping with id, theme, label and scope"),
    "needs": (
        ("id",),
        "a need is a mapping with id, themes, subtopic, label (en, fr, es) and scope, "
        "as in the shipped consultation.needs.yaml",
    ),
}


def _section(data: dict, key: str, source: str) -> list:
    """The list under `key` of a catalogue file's data ([] when absent)."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise CodebookError(f"{source}: {key!r} must be a list")
    return entries


def _mappings(data: dict, key: str, source: str) -> list[dict]:
    """The entries of the list `key` (subtopics, needs), each checked to be a mapping with
    the keys ENTRY_FORMS requires: an entry written as a bare id (`- queer_safe_spaces`) is
    named with its position, not read as a mapping."""
    required, form = ENTRY_FORMS[key]
    entries = _section(data, key, source)
    for position, raw in enumerate(entries, 1):
        if not isinstance(raw, dict):
            raise CodebookError(
                f"{source}: {key} entry #{position} is {raw!r}, not a mapping: {form}"
            )
        missing = [name for name in required if name not in raw]
        if missing:
            raise CodebookError(
                f"{source}: {key} entry #{position} has no {' and no '.join(missing)}: {form}"
            )
    return entries


def _reviewed_pair(entry: object, position: int, source: str) -> tuple[str, str, str]:
    """One `reviewed_distinct` entry as (need, need, why): a list of two need ids and,
    optionally, why they were kept apart. A single id or a one-id list is named, not read
    letter by letter or as a pair with a missing half."""
    if (
        not isinstance(entry, list)
        or len(entry) not in (2, 3)
        or not all(isinstance(need_id, str) for need_id in entry[:2])
    ):
        raise CodebookError(
            f"{source}: reviewed_distinct entry #{position} is {entry!r}, not a pair of need "
            "ids: write each entry as a list of the two need ids, then why they were kept "
            "apart (- [first_need, second_need, why])"
        )
    return entry[0], entry[1], str(entry[2] or "") if len(entry) > 2 else ""


def replacements(needs: Sequence[CatalogueNeed]) -> dict[str, str]:
    """Former need id -> the need of `needs` that `replaces` it (the last one, for an id two
    needs list, which the catalogue refuses)."""
    return {old: need.id for need in needs for old in need.replaces}


def _pairs_of_today(
    pairs: Sequence[tuple[str, str, str]], needs: Sequence[CatalogueNeed]
) -> tuple[tuple[str, str, str], ...]:
    """The reviewed pairs with their ids read as the needs of today: staff rename or merge
    a need in its own entry (`replaces`), and the pairs reviewed before still name its old
    id; they keep apart the need that replaces it. A pair of two needs merged since into
    one is dropped: nothing is left to keep apart."""
    now = replacements(needs)
    read = [(now.get(first, first), now.get(second, second), why) for first, second, why in pairs]
    return tuple(pair for pair in read if pair[0] != pair[1])


def _subtopic_from_dict(raw: dict, source: str) -> Subtopic:
    """One sub-topic entry of the YAML file (a mapping with id and theme). Its label and
    scope are checked as a need's are: `en: yes` or `scope: 2026` (which YAML reads as True
    and 2026) are refused, not stored as 'True' and '2026', and so is a key a sub-topic
    does not have (`scpoe:` would drop the scope without a word)."""
    where = f"{source}: sub-topic {raw['id']!r}"
    refuse_unknown_keys(raw, SUBTOPIC_KEYS, where, "a sub-topic")
    return Subtopic(
        id=str(raw["id"]),
        theme=str(raw["theme"]),
        label=_subtopic_label(raw.get("label"), where),
        scope=text_field(raw.get("scope"), f"{where}: the scope"),
    )


def _subtopic_label(label: object, where: str) -> dict[str, str]:
    """A sub-topic's labels, checked by `label_mapping`; unlike a need's, a sub-topic may
    leave out a language or give one plain text, its English label ({} when absent: the
    label then falls back to the id's name)."""
    if label is None or isinstance(label, str):
        return {"en": label} if label else {}
    if not isinstance(label, dict):
        text_field(label, f"{where}: the label")  # raises, naming what YAML read
    return label_mapping({k: v for k, v in label.items() if v not in (None, "")}, where)


def refuse_unknown_keys(raw: dict, allowed: frozenset[str], where: str, entry: str) -> None:
    """Raise CodebookError when an entry of a codebook or catalogue file (a theme, a need, a
    sub-topic) has a key outside `allowed`: a misspelt key (`replace:` for `replaces:`)
    would be dropped without a word. `entry` names what it is in the message."""
    unknown = sorted(set(map(str, raw)) - allowed)
    if unknown:
        raise CodebookError(
            f"{where} has unknown key(s) {', '.join(unknown)} "
            f"({entry} has {', '.join(sorted(allowed))})"
        )


def refuse_empty(data: dict, keys: Sequence[str], source: str) -> None:
    """Raise CodebookError when a key of a codebook's or catalogue's top level is empty
    (`name:` with no value): YAML reads it as None, which would be named 'None'."""
    for key in keys:
        if data[key] is None or not str(data[key]).strip():
            raise CodebookError(f"{source}: {key!r} is empty")


def _need_from_dict(raw: dict, source: str) -> CatalogueNeed:
    """One need entry of the YAML file. Its texts must be texts: `en: yes` or `fr: 1.10`
    (which YAML reads as True and 1.1) are refused, not written into the catalogue as
    'True' and '1.1'."""
    need_id = text_field(raw["id"], f"{source}: need {raw['id']!r}: the id")
    where = f"{source}: need {need_id!r}"
    refuse_unknown_keys(raw, NEED_KEYS, where, "a need")
    themes = _id_list(raw.get("themes"), f"{where}: themes must be a list of theme ids")
    replaces = _id_list(
        raw.get("replaces"), f"{where}: replaces must be a list of the need ids it replaces"
    )
    return CatalogueNeed(
        id=need_id,
        themes=tuple(text_field(theme, f"{where}: the theme {theme!r}") for theme in themes),
        label=label_mapping(raw.get("label"), where),
        scope=text_field(raw.get("scope"), f"{where}: the scope"),
        subtopic=text_field(raw.get("subtopic"), f"{where}: the subtopic") or None,
        replaces=tuple(text_field(old, f"{where}: the replaced id {old!r}") for old in replaces),
    )


def _id_list(value: object, must: str) -> list:
    """A need's `themes` or `replaces` as written: a YAML list, or one text of ids joined
    by ',' (`themes: accountability, membership` is the list [accountability, membership],
    not one theme of that name); [] when absent. Anything else is refused with `must`."""
    value = value or []
    if isinstance(value, str):
        value = re.split(r"\s*,\s*", value.strip())
    if not isinstance(value, list):
        raise CodebookError(f"{must}, not {value!r}")
    return value


def _problems(catalogue: NeedsCatalogue) -> list[str]:
    """Every structural problem of a catalogue, as readable phrases."""
    problems = []
    subtopics = {}
    for subtopic in catalogue.subtopics:
        if not _SUBTOPIC_PATTERN.fullmatch(subtopic.id):
            problems.append(f"sub-topic id {subtopic.id!r} is not theme:snake_case")
        elif subtopic.id.split(":")[0] != subtopic.theme:
            problems.append(f"sub-topic {subtopic.id!r} is not in its theme {subtopic.theme!r}")
        if subtopic.id in subtopics:
            problems.append(f"duplicate sub-topic {subtopic.id!r}")
        subtopics[subtopic.id] = subtopic
    seen: set[str] = set()
    for need in catalogue.needs:
        if not SNAKE_CASE_ID.fullmatch(need.id):
            problems.append(f"need id {need.id!r} is not lowercase snake_case")
        if need.id in seen:
            problems.append(f"duplicate need id {need.id!r}")
        seen.add(need.id)
        if not need.themes:
            problems.append(f"need {need.id!r} has no theme")
        missing = [lang for lang in LANGUAGES if not need.label.get(lang)]
        if missing:
            problems.append(f"need {need.id!r} has no label in {', '.join(missing)}")
        if need.subtopic is not None and need.subtopic not in subtopics:
            problems.append(f"need {need.id!r} names an unknown sub-topic {need.subtopic!r}")
    problems += _replacement_problems(catalogue.needs, seen)
    problems += _unknown_pair_problems(catalogue.reviewed_distinct, seen)
    return problems


def _unknown_pair_problems(pairs: Sequence[tuple[str, str, str]], need_ids: set[str]) -> list[str]:
    """One phrase per need id that `reviewed_distinct` names and the catalogue does not
    have, with the entries naming it: most often a need renamed or merged by hand without
    its old id under `replaces` (or with a typo there), which is what the phrase says to
    check. Named once, not once per pair (a need is in up to a dozen pairs)."""
    entries: dict[str, list[int]] = {}
    for position, pair in enumerate(pairs, 1):
        for need_id in dict.fromkeys(pair[:2]):
            if need_id not in need_ids:
                entries.setdefault(need_id, []).append(position)
    return [
        f"reviewed_distinct names {need_id!r} (entr{'y' if len(found) == 1 else 'ies'} "
        f"#{', #'.join(map(str, found))}), which is not a need of the catalogue: if it was "
        "renamed or merged, list it under the `replaces` of the need that holds it now; "
        "if it was deleted, delete those entries"
        for need_id, found in entries.items()
    ]


def _replacement_problems(needs: Sequence[CatalogueNeed], need_ids: set[str]) -> list[str]:
    """What is wrong with the needs' `replaces` lists: an old id must read as one need of
    today, so it is a snake_case id, not a need the catalogue still has (its files would
    read as two needs at once), and replaced by one need only."""
    problems = []
    replacer: dict[str, str] = {}
    for need in needs:
        for old in need.replaces:
            if old.startswith(NEW_NEED_PREFIX):
                problems.append(
                    f"need {need.id!r} replaces {old!r}, the id of a new need one tagged file "
                    "found, not of a catalogue need: a new need's id names other answers in "
                    "each file, so it cannot be read as a catalogue need; take it out of "
                    "replaces (a new need joins the catalogue through the needs sheet)"
                )
            elif not SNAKE_CASE_ID.fullmatch(old):
                problems.append(f"need {need.id!r} replaces {old!r}, not a lowercase snake_case id")
            elif old == need.id:
                problems.append(
                    f"need {need.id!r} lists its own id under replaces: list only its former "
                    "ids and the ids of needs merged into it"
                )
            elif old in need_ids:
                problems.append(
                    f"need {need.id!r} replaces {old!r}, which is still a need of the catalogue: "
                    f"delete {old!r} (merged into {need.id!r}) or take it out of replaces"
                )
            elif old in replacer and replacer[old] != need.id:
                problems.append(
                    f"{old!r} is replaced by two needs, {replacer[old]!r} and {need.id!r}: an "
                    "old id must read as one need (split its answers by hand)"
                )
            replacer.setdefault(old, need.id)
    return problems


def _spelling(need: str) -> str:
    """A need id as compared for spelling: lowercase, spaces and hyphens read as '_'."""
    return re.sub(r"[\s\-_]+", "_", need.strip().lower())
