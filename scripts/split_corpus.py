"""Build data/labeled/train.csv and test.csv from the team-written corpus.

Usage:
    python scripts/split_corpus.py SOURCE [SOURCE ...] --out data/labeled [--held-out h31 h34]

SOURCE files are JSONL or CSV with the corpus columns (id, respondent,
language, text, themes, stance, need, suggestion, subtopic, parallel_group).
Re-running the script on the committed train.csv and test.csv reproduces them
exactly. Every need is checked against the default codebook's needs catalogue:
a catalogue need, or a unique request (its own suggestion id, one respondent).

The split is by respondent: respondents linked through a parallel group form
one unit, and a unit goes to the test split when a hash of its respondent ids
falls below a fixed point (stable, not dependent on file order, and adding
batches moves no existing respondent). Writing batches named with --held-out
go whole to `unseen_topics.csv`, a test of topics the training data never saw.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pandas as pd

from classifier.codebook import Codebook
from classifier.vocab import LANGUAGES, split_ids

COLUMNS = [
    "id",
    "respondent",
    "language",
    "text",
    "themes",
    "stance",
    "need",
    "suggestion",
    "subtopic",
    "parallel_group",
]
# Units whose respondents' hash is below this go to test: the point where the first 7,242
# answers' split reached 27 % (scripts before 2026-12 took units in hash order up to 27 %).
TEST_HASH_BELOW = "47fb8fed96537508705cf604071bc144dbed0373"
COUNTS_START = "<!-- counts:start -->"
COUNTS_END = "<!-- counts:end -->"


def read_source(path: Path) -> pd.DataFrame:
    if path.suffix == ".jsonl":
        rows = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        return pd.DataFrame(rows, columns=COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)[COLUMNS]


def batch_order(answer_id: str) -> tuple[int, str]:
    """Sort key of an answer id: its batch number, then the id ("h6-0077" before "h29-0001")."""
    batch = answer_id.split("-")[0]
    return (int(batch[1:]) if batch[1:].isdigit() else 0, answer_id)


def duplicate_form(text: str) -> str:
    """A text as the near-duplicate check compares it: cleaned, lowercased, its runs of
    spaces made one (the check here, tests/test_corpus.py's, and the benchmarks that
    ask whether a text repeats a training answer)."""
    from classifier.text.normalize import clean_text

    return " ".join(clean_text(text).lower().split())


def duplicate_vectorizer():
    """The near-duplicate check's vectorizer (unfitted): TF-IDF of character 3- to
    5-grams within words, on `duplicate_form` texts; two texts are near-identical at a
    cosine of 0.9 or more."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))


def drop_near_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop answers that repeat another one (same check as tests/test_corpus.py).

    Of two near-identical answers the one outside a parallel group, then the
    one of the later batch, is dropped; each drop is printed.
    """
    import numpy as np

    # Oldest batch first (h2 before h10), so a later batch's repeat is the one dropped.
    frame = frame.sort_values("id", key=lambda ids: ids.map(batch_order), ignore_index=True)
    normalized = frame["text"].map(duplicate_form)
    vectors = duplicate_vectorizer().fit_transform(normalized)
    similarity = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    lengthy = normalized.str.len().to_numpy() >= 20
    exact = normalized.to_numpy()[:, None] == normalized.to_numpy()[None, :]
    np.fill_diagonal(exact, False)
    close = ((similarity >= 0.9) & lengthy[:, None] & lengthy[None, :]) | exact
    dropped: set[int] = set()
    for a, b in np.argwhere(close):
        if a >= b or a in dropped or b in dropped:
            continue
        victim = a if frame["parallel_group"][b] and not frame["parallel_group"][a] else b
        if frame["parallel_group"][victim]:
            raise SystemExit(f"near-duplicate parallel answers {frame['id'][a]} {frame['id'][b]}")
        print(
            f"dropping {frame['id'][victim]} (repeats {frame['id'][a + b - victim]}):",
            frame["text"][victim][:60],
        )
        dropped.add(victim)
    return frame.drop(index=sorted(dropped)).reset_index(drop=True)


def units(frame: pd.DataFrame) -> dict[str, list[str]]:
    """Respondents joined by parallel groups (union-find), keyed by their smallest id."""
    parent = {r: r for r in frame["respondent"]}

    def find(r: str) -> str:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for _, group in frame[frame["parallel_group"] != ""].groupby("parallel_group"):
        members = sorted(group["respondent"])
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    result: dict[str, list[str]] = {}
    for respondent in sorted(parent):
        result.setdefault(find(respondent), []).append(respondent)
    return result


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test: a unit of respondents goes to test when the SHA-1 of its respondent
    ids is below TEST_HASH_BELOW, a fixed point of the hash space, so adding batches never
    moves a respondent from one split to the other."""
    test_respondents: set[str] = set()
    for members in units(frame).values():
        if hashlib.sha1("|".join(members).encode()).hexdigest() < TEST_HASH_BELOW:
            test_respondents.update(members)
    is_test = frame["respondent"].isin(test_respondents)
    return frame[~is_test].sort_values("id"), frame[is_test].sort_values("id")


def held_out(frame: pd.DataFrame, batches: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rest, and the answers of the held-out writing batches (unseen topics)."""
    is_held = frame["id"].str.split("-").str[0].isin(batches)
    return frame[~is_held], frame[is_held].sort_values("id")


def counts_markdown(train: pd.DataFrame, test: pd.DataFrame, unseen: pd.DataFrame) -> str:
    """The datasheet's count tables (themes x language, stances, needs, splits)."""
    corpus = pd.concat([train, test, unseen], ignore_index=True)
    languages = list(LANGUAGES)
    lines = [
        f"{len(corpus)} answers: train {len(train)}, test {len(test)} "
        f"({len(test) / (len(train) + len(test)):.1%}), unseen-topic batches {len(unseen)} "
        f"({', '.join(sorted(set(unseen['id'].str.split('-').str[0]))) or 'none'}); "
        + ", ".join(f"{lang} {(corpus['language'] == lang).sum()}" for lang in languages)
        + f"; {corpus['respondent'].nunique()} respondents.",
        "",
    ]
    n_themes = corpus["themes"].map(lambda v: len(split_ids(v)))
    lines += [
        f"Answers with two or more themes: {(n_themes >= 2).sum()} "
        f"({(n_themes >= 2).mean():.1%}); with no theme: {(n_themes == 0).sum()} "
        f"({(n_themes == 0).mean():.1%}).",
        "",
        "| theme | fr | en | es | total | test |",
        "|---|---|---|---|---|---|",
    ]
    themes = sorted({t for v in corpus["themes"] for t in split_ids(v)})
    for theme in themes:
        has = corpus["themes"].map(lambda v, t=theme: t in split_ids(v))
        per = [int((has & (corpus["language"] == lang)).sum()) for lang in languages]
        in_test = int(test["themes"].map(lambda v, t=theme: t in split_ids(v)).sum())
        lines.append(f"| {theme} | {' | '.join(map(str, per))} | {sum(per)} | {in_test} |")
    lines += ["", "| stance | fr | en | es | total |", "|---|---|---|---|---|"]
    for stance in ["praise", "request", "criticism", "neutral"]:
        per = [
            int(((corpus["stance"] == stance) & (corpus["language"] == lang)).sum())
            for lang in languages
        ]
        lines.append(f"| {stance} | {' | '.join(map(str, per))} | {sum(per)} |")
    catalogue = Codebook.load().catalogue
    asking = corpus[corpus["need"] != ""]
    asks = asking.assign(need=asking["need"].map(split_ids)).explode("need")
    per_need = asks.groupby("need").agg(
        respondents=("respondent", "nunique"), languages=("language", "nunique")
    )
    in_catalogue = per_need.index.isin(catalogue.need_ids)
    recurring = per_need[in_catalogue & (per_need["respondents"] >= 2)]
    suggestions = asks.assign(suggestion=asks["suggestion"].map(split_ids)).explode("suggestion")
    lines += [
        "",
        f"Needs (catalogue `classifier/codebooks/consultation.needs.yaml`, "
        f"{len(catalogue.needs)} needs): {int(in_catalogue.sum())} catalogue needs are raised, "
        f"{len(recurring)} by 2+ respondents, of which "
        f"{(recurring['languages'] >= 2).sum()} in two or more languages and "
        f"{(recurring['languages'] == 3).sum()} in all three; "
        f"{int((~in_catalogue).sum())} unique requests. "
        f"{len(asking)} asking answers ({len(asks)} answer-need pairs: some answers name two "
        f"needs), {suggestions['suggestion'].nunique()} distinct suggestions.",
        f"Parallel triples: {corpus['parallel_group'].replace('', None).nunique()}.",
        "",
        "Sub-topics, answers per language (an answer counts in the sub-topic of its main need, "
        "or of its main theme when it asks nothing):",
        "",
        "| theme | sub-topic | fr | en | es | total | needs |",
        "|---|---|---|---|---|---|---|",
    ]
    needs_of = pd.Series([n.subtopic for n in catalogue.needs]).value_counts()
    for subtopic in catalogue.subtopics:
        part = corpus[corpus["subtopic"] == subtopic.id]
        per = [int((part["language"] == lang).sum()) for lang in LANGUAGES]
        lines.append(
            f"| {subtopic.theme} | {subtopic.label_in('en')} (`{subtopic.id.split(':')[1]}`) | "
            f"{' | '.join(map(str, per))} | {sum(per)} | {int(needs_of.get(subtopic.id, 0))} |"
        )
    return "\n".join(lines)


def check_needs(frame: pd.DataFrame) -> None:
    """Every need is a catalogue need or a unique request; every sub-topic is known."""
    catalogue = Codebook.load().catalogue
    known = set(catalogue.need_ids)
    subtopics = {s.id for s in catalogue.subtopics} | {"none"}
    problems = []
    respondents: dict[str, set[str]] = {}
    owner: dict[str, str] = {}
    for row in frame.itertuples():
        needs, suggestions = split_ids(row.need), split_ids(row.suggestion)
        if len(needs) != len(suggestions) and needs:
            problems.append(f"{row.id}: {len(needs)} needs but {len(suggestions)} suggestions")
        for need, suggestion in zip(needs, suggestions, strict=False):
            respondents.setdefault(need, set()).add(row.respondent)
            if need not in known and need != suggestion:
                problems.append(f"{row.id}: need {need!r} is neither in the catalogue nor unique")
            if owner.setdefault(suggestion, need) != need:
                problems.append(f"{row.id}: suggestion {suggestion!r} in two needs")
        if row.subtopic not in subtopics:
            problems.append(f"{row.id}: unknown sub-topic {row.subtopic!r}")
    problems += [
        f"unique request {need!r} raised by {len(people)} respondents"
        for need, people in sorted(respondents.items())
        if need not in known and len(people) > 1
    ]
    if problems:
        raise SystemExit("needs do not match the catalogue:\n" + "\n".join(problems[:40]))


def write_counts(
    datasheet: Path, train: pd.DataFrame, test: pd.DataFrame, unseen: pd.DataFrame
) -> None:
    """Replace the counts section of the datasheet with the current counts."""
    text = datasheet.read_text(encoding="utf-8")
    head, rest = text.split(COUNTS_START)
    _, tail = rest.split(COUNTS_END)
    body = f"{COUNTS_START}\n{counts_markdown(train, test, unseen)}\n{COUNTS_END}"
    datasheet.write_text(head + body + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--held-out", nargs="*", default=[], help="writing batches kept out of train and test"
    )
    args = parser.parse_args()
    frame = pd.concat([read_source(p) for p in args.sources], ignore_index=True).fillna("")
    if frame["id"].duplicated().any():
        raise SystemExit(f"duplicate ids: {sorted(frame.loc[frame['id'].duplicated(), 'id'])}")
    check_needs(frame)
    rest, unseen = held_out(drop_near_duplicates(frame), set(args.held_out))
    train, test = split(rest)
    train.to_csv(args.out / "train.csv", index=False, columns=COLUMNS)
    test.to_csv(args.out / "test.csv", index=False, columns=COLUMNS)
    unseen.to_csv(args.out / "unseen_topics.csv", index=False, columns=COLUMNS)
    write_counts(args.out / "README.md", train, test, unseen)
    print(
        f"train {len(train)} rows, test {len(test)} rows ({len(test) / len(rest):.1%}), "
        f"unseen topics {len(unseen)} rows"
    )


if __name__ == "__main__":
    main()
