"""The codebook: the label set (themes and stances) a model is trained on.

A codebook is configuration written by staff, so it is loaded from YAML and
validated strictly: a malformed codebook is rejected with a message that names
the problem instead of failing later inside training. A codebook may name its
needs catalogue (`needs: consultation.needs.yaml`, beside it), which is loaded
with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from .catalogue import (
    NeedsCatalogue,
    label_mapping,
    read_yaml,
    refuse_empty,
    refuse_unknown_keys,
    text_field,
    version_value,
)
from .errors import CodebookError, LabelError, UnknownIdError
from .vocab import LANGUAGES, SNAKE_CASE_ID, split_ids

DEFAULT_CODEBOOK = "consultation.yaml"
# Places shown per unknown id in a label error.
MAX_PLACES_SHOWN = 8
# Characters that look like ';' and are not: a Greek keyboard's ';' key types U+037E (the
# Greek question mark), Chinese and Japanese input methods the full-width U+FF1B.
_LOOKALIKE_SEMICOLONS = "\u037e\uff1b\ufe54"
# What staff type between theme (or need) ids instead of ';' (`a, b`, `a/b`, a line break, a
# space): no id holds one of them.
OTHER_SEPARATORS = re.compile(rf"[,/|\s{_LOOKALIKE_SEMICOLONS}]+")
# The keys a theme entry may have.
THEME_KEYS = frozenset({"id", "label", "description"})
# A codebook's name is a registry folder's name (models/<name>/v001): this pattern, and
# not `default` (the registry's folder of its default model).
FOLDER_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]*"


def codebook_path(path: str | Path | None = None) -> Path:
    """The codebook file `path`, or the shipped default codebook's file when None."""
    if path is None:
        return Path(str(resources.files("classifier.codebooks"))) / DEFAULT_CODEBOOK
    return Path(path)


def catalogue_file(codebook_file: str | Path) -> Path | None:
    """The needs catalogue file a codebook file names (its `needs:` key, relative to the
    codebook's folder), or None when it names none or cannot be read. A YAML file whose
    `needs:` is not a file name is no codebook naming a catalogue: a catalogue itself
    (its `needs:` lists the needs), saved by staff under another name than `*.needs.yaml`
    (`catalogue_before_rename.yaml`) in a folder `train` looks through."""
    try:
        data = read_yaml(Path(codebook_file), "codebook", str(codebook_file))
    except CodebookError:
        return None
    if isinstance(data, dict) and not isinstance(data.get("needs"), str | None):
        return None
    return _named_catalogue(Path(codebook_file), data)


def _named_catalogue(codebook_file: Path, data: object) -> Path | None:
    """The catalogue file named by a codebook file's parsed YAML `data`, or None."""
    needs_file = data.get("needs") if isinstance(data, dict) else None
    return codebook_file.parent / str(needs_file) if needs_file else None


def _missing_catalogue(source: str, codebook_file: Path, named: str) -> str:
    """The error for a codebook (`source`, the file `codebook_file`) whose `needs:`
    (`named`) names no file from the codebook's folder, with the `needs:` to write when
    `named` is the catalogue's path from the working folder (`needs:
    codebooks/consultation.needs.yaml` for a codebook in `codebooks/`, the commands run
    from the folder above): said as "cannot read needs catalogue
    codebooks/codebooks/...", which named neither the key nor the folder."""
    folder = codebook_file.parent
    catalogue = folder / named
    message = (
        f"cannot read needs catalogue {catalogue}: there is no such file; the codebook "
        f"{source} names it as `needs: {named}`, a path read from the codebook's folder "
        f"{folder}"
    )
    from_here = Path(named)
    if not from_here.is_absolute() and from_here.is_file():
        try:
            relative = os.path.relpath(from_here.resolve(), folder.resolve())
        except ValueError:  # another drive (Windows): no relative path
            relative = str(from_here.resolve())
        return (
            f"{message}; {named} is its path from the working folder: write "
            f"`needs: {Path(relative).as_posix()}` in the codebook"
        )
    return f"{message}; write the catalogue's path from that folder, or an absolute one"


def format_places(places: Sequence[str]) -> str:
    """Where something occurs, for a message: the first MAX_PLACES_SHOWN places, then a count."""
    shown = ", ".join(places[:MAX_PLACES_SHOWN])
    more = len(places) - MAX_PLACES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True)
class Theme:
    """One theme: a stable id, a label per language and a description."""

    id: str
    label: dict[str, str]
    description: str = ""


@dataclass(frozen=True)
class Codebook:
    """The themes (multi-label) and optional stances (single label) of a label set."""

    name: str
    version: int | str
    themes: tuple[Theme, ...]
    stances: tuple[str, ...] = field(default_factory=tuple)
    # The codebook's needs catalogue, when its file names one (not part of the codebook's hash).
    catalogue: NeedsCatalogue | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise CodebookError(f"invalid codebook {self.name!r}: " + "; ".join(problems))

    @property
    def theme_ids(self) -> list[str]:
        """Theme ids in codebook order (the column order of every score matrix)."""
        return [theme.id for theme in self.themes]

    def label(self, theme_id: str, language: str = "en") -> str:
        """The theme's label in `language`, falling back to English."""
        theme = next((t for t in self.themes if t.id == theme_id), None)
        if theme is None:
            raise UnknownIdError(f"no theme {theme_id!r} in codebook {self.name!r}")
        return theme.label.get(language) or theme.label["en"]

    def check_labels(
        self,
        theme_lists: Sequence[Sequence[str]],
        stances: Sequence[str | None],
        places: Sequence[str],
    ) -> None:
        """Raise LabelError naming every theme or stance id outside the codebook.

        `places[i]` says where row i comes from ("train.csv:12", "row 3"), so
        the message points at what to fix.
        """
        unknown: dict[str, list[str]] = {}
        unknown_themes: set[str] = set()
        unknown_stance = False
        known = set(self.theme_ids)
        for place, labels, stance in zip(places, theme_lists, stances, strict=True):
            for theme in labels:
                if theme not in known:
                    unknown.setdefault(f"theme {theme!r}", []).append(place)
                    unknown_themes.add(theme)
            if stance and stance not in self.stances:
                unknown.setdefault(f"stance {stance!r}", []).append(place)
                unknown_stance = True
        if unknown:
            hints = self.theme_hints(unknown_themes)
            if unknown_stance:  # typed in another word (`demande`): say which ones there are
                hints.append(f"stance ids are {', '.join(self.stances)}")
            raise LabelError(
                f"labels not in codebook {self.name!r}: "
                + "; ".join(
                    f"{label} in {format_places(where)}" for label, where in sorted(unknown.items())
                )
                + (f" ({'; '.join(hints)})" if hints else "")
            )

    def check_need_spellings(self, needs: Sequence[object], places: Sequence[str]) -> None:
        """Raise LabelError naming every need label that is a catalogue need's id (or an id
        it replaces) written otherwise (`Youth_Seats_In_Governance`, `youth seats in
        governance`, `youth-seats-in-governance`), or a catalogue need's label in one of its
        languages, whatever its case and spaces (`Youth seats in the alliance's
        governance`: typed from a report or the needs sheet's `catalogue`), or catalogue
        need ids joined by another separator than ';' (`a, b`, `a/b`). Any id outside
        the catalogue reads as a unique request of its own, so such an ask would teach the
        need head nothing about the need staff meant, without a word. `places[i]` says
        where row i comes from."""
        wrong: dict[tuple[str, str], list[str]] = {}
        for place, cell in zip(places, needs, strict=True):
            for need in split_ids(cell):
                if (meant := self.need_hint(need)) is not None:
                    wrong.setdefault((need, meant), []).append(place)
        if wrong:
            raise LabelError(
                "need labels that are catalogue need ids written otherwise, or joined by "
                "another character than ';', or a need's label typed for its id (need ids are "
                "lowercase, words joined by '_'; any other id is a unique request): "
                + "; ".join(
                    f"{need!r} in {format_places(where)} is {meant}"
                    for (need, meant), where in sorted(wrong.items())
                )
            )

    def need_hint(self, need: str) -> str | None:
        """What a need id typed otherwise is meant to be, for a message (`… is <hint>`):
        the catalogue's id (or an id it replaces) written in capitals, with spaces or
        hyphens (`Timely_Replies`, `timely replies` -> timely_replies); the id whose
        label in one of its languages it is, whatever its case and spaces (`the label of
        timely_replies`); or catalogue ids joined by another separator than ';' (`a, b`,
        `a/b` -> `a;b (separate need ids with ';')`). None for a catalogue id, and for
        what reads as none of these (a new need, another catalogue's need)."""
        catalogue = self.catalogue
        # an id the catalogue has renamed or merged since (`replaces`) is a need's id too
        if catalogue is None or need in catalogue.known_ids:
            return None
        if (meant := catalogue.id_spelt_as(need)) is not None:
            return meant
        if (meant := catalogue.id_labelled(need)) is not None:
            return f"the label of {meant}"
        parts = [catalogue.id_spelt_as(part) for part in OTHER_SEPARATORS.split(need) if part]
        if len(parts) > 1 and all(parts):
            return f"{';'.join(parts)} (separate need ids with ';')"
        return None

    def theme_hints(self, values: set[str]) -> list[str]:
        """What to write instead of unknown theme cells: ids joined by another separator
        than ';' (`,`, `/`, a line break), ids typed in capitals, or labels."""
        known = {theme_id.lower(): theme_id for theme_id in self.theme_ids}
        parts = {value: [p for p in OTHER_SEPARATORS.split(value) if p] for value in values}
        joined = {
            v for v, ids in parts.items() if len(ids) > 1 and all(i.lower() in known for i in ids)
        }
        capitals = {v for v in values - joined if v.lower() in known}
        labelled = self._labelled_ids(values - joined - capitals)
        hints = []
        if joined or any("," in value for value in values):
            hints.append("separate theme ids with ';'")
        lookalikes = sorted({c for value in values for c in value if c in _LOOKALIKE_SEMICOLONS})
        if lookalikes:  # shown in the message, they read as ';' themselves
            hints.append(
                "type ';' itself: "
                + ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c)})" for c in lookalikes)
                + " looks like it but is another character"
            )
        if capitals:
            hints.append(
                "theme ids are lowercase: "
                + ", ".join(f"{v!r} is {known[v.lower()]}" for v in sorted(capitals))
            )
        if labelled:
            hints.append(
                ", ".join(f"{v!r} is the label of {labelled[v]}" for v in sorted(labelled))
            )
        if values - joined - capitals - set(labelled):
            hints.append(
                f"write theme ids such as {' or '.join(self.theme_ids[:2])}, not their labels"
            )
        return hints

    def _labelled_ids(self, values: set[str]) -> dict[str, str]:
        """The theme id of each of `values` that is a theme's label in one of its languages,
        whatever its case and spaces (`Capacity development`, `renforcement des capacités`):
        a staff member typed the label a report or a review sheet shows for its id."""
        ids = {
            " ".join(label.casefold().split()): theme.id
            for theme in self.themes
            for label in theme.label.values()
        }
        found = {value: ids.get(" ".join(value.casefold().split())) for value in values}
        return {value: theme_id for value, theme_id in found.items() if theme_id}

    def stance_id(self, value: str) -> str:
        """`value` as the codebook's stance id when it is one in another case or with
        spaces around it ("Request " -> "request"); otherwise `value` stripped."""
        value = value.strip()
        return next((s for s in self.stances if s.lower() == value.lower()), value)

    def to_dict(self) -> dict:
        """The codebook as plain data, in the YAML file's structure."""
        return {
            "name": self.name,
            "version": self.version,
            "themes": [
                {"id": t.id, "label": dict(t.label), "description": t.description}
                for t in self.themes
            ],
            "stances": list(self.stances),
        }

    @property
    def hash(self) -> str:
        """A short content hash: two codebooks with the same ids and labels match."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_dict(cls, data: object, source: str = "codebook") -> Codebook:
        """Build a codebook from parsed YAML, rejecting malformed structure."""
        if not isinstance(data, dict):
            raise CodebookError(f"{source}: the file must be a mapping with name, version, themes")
        missing = [key for key in ("name", "version", "themes") if key not in data]
        if missing:
            raise CodebookError(f"{source}: missing key(s) {', '.join(missing)}")
        raw_themes = data["themes"]
        if not isinstance(raw_themes, list) or not raw_themes:
            raise CodebookError(f"{source}: 'themes' must be a non-empty list")
        refuse_empty(data, ("name", "version"), source)
        if not re.fullmatch(FOLDER_NAME, str(data["name"])) or str(data["name"]) == "default":
            raise CodebookError(
                f"{source}: name {data['name']!r} must be a plain name (letters, digits, "
                "'_', '-', '.', not starting with '.', and not 'default'): a model registry "
                "keeps each codebook's versions in a folder of that name"
            )
        themes = []
        for position, raw in enumerate(raw_themes, 1):
            if not isinstance(raw, dict) or "id" not in raw:
                raise CodebookError(f"{source}: theme #{position} has no id")
            where = f"{source}: theme {raw['id']!r}"
            refuse_unknown_keys(raw, THEME_KEYS, where, "a theme")
            themes.append(
                Theme(
                    id=str(raw["id"]),
                    label=label_mapping(raw.get("label"), where),
                    # embedded beside the labels: a list or a number read as text would be
                    # its Python spelling (`['a', 'b']`), not what the file says
                    description=text_field(raw.get("description"), f"{where}: the description"),
                )
            )
        stances = data.get("stances") or []
        if not isinstance(stances, list):
            raise CodebookError(f"{source}: 'stances' must be a list")
        version = version_value(data["version"], source)
        try:
            return cls(
                name=str(data["name"]),
                version=version,
                themes=tuple(themes),
                stances=tuple(str(s) for s in stances),
            )
        except CodebookError as error:
            raise CodebookError(f"{source}: {error}") from error

    def with_catalogue(self, catalogue: NeedsCatalogue | None) -> Codebook:
        """This codebook with another needs catalogue (checked against its themes)."""
        if catalogue is not None:
            if catalogue.codebook != self.name:
                raise CodebookError(
                    f"needs catalogue {catalogue.name!r} belongs to codebook "
                    f"{catalogue.codebook!r}, not {self.name!r}"
                )
            unknown = catalogue.themes_outside(self.theme_ids)
            if unknown:
                hints = self.theme_hints(set(unknown))
                raise CodebookError(
                    f"needs catalogue {catalogue.name!r} names themes that are not in codebook "
                    f"{self.name!r}: "
                    + "; ".join(
                        f"{theme!r} ({format_places(entries)})"
                        for theme, entries in sorted(unknown.items())
                    )
                    + (f" ({'; '.join(hints)})" if hints else "")
                )
        return replace(self, catalogue=catalogue)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Codebook:
        """Load a codebook YAML file and the needs catalogue it names; without a path, the
        shipped default codebook."""
        source = "default codebook" if path is None else str(path)
        path = codebook_path(path)
        data = read_yaml(Path(path), "codebook", source)
        codebook = cls.from_dict(data, source)
        catalogue = _named_catalogue(Path(path), data)
        if catalogue is None:
            return codebook
        if not catalogue.exists():
            raise CodebookError(_missing_catalogue(source, Path(path), str(data["needs"])))
        needs = NeedsCatalogue.load(catalogue)
        try:
            return codebook.with_catalogue(needs)
        except CodebookError as error:  # named with its file, as its other problems are
            raise CodebookError(f"{catalogue}: {error}") from error


def _problems(codebook: Codebook) -> list[str]:
    """Every structural problem of a codebook, as readable phrases."""
    problems = []
    seen: set[str] = set()
    for theme in codebook.themes:
        if not SNAKE_CASE_ID.fullmatch(theme.id):
            problems.append(f"theme id {theme.id!r} is not lowercase snake_case")
        if theme.id in seen:
            problems.append(f"duplicate theme id {theme.id!r}")
        seen.add(theme.id)
        missing = [lang for lang in LANGUAGES if not theme.label.get(lang)]
        if missing:
            problems.append(f"theme {theme.id!r} has no label in {', '.join(missing)}")
    stance_seen: set[str] = set()
    for stance in codebook.stances:
        if not SNAKE_CASE_ID.fullmatch(stance):
            problems.append(f"stance {stance!r} is not lowercase snake_case")
        if stance in stance_seen:
            problems.append(f"duplicate stance {stance!r}")
        stance_seen.add(stance)
    if len(codebook.stances) == 1:
        problems.append("a codebook needs no stances or at least two")
    return problems
