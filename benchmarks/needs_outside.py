"""Needs on answers written apart from the corpus, read by the command staff run.

    python benchmarks/needs_outside.py [--model PATH] [--json out.json]

`benchmarks/data/needs_outside.csv` (see benchmarks/data/README.md): a
simulated member survey (answers to "what should the alliance improve?" and
"any other comments?", in fr / en / es), written from its own brief by a writer
who never saw the corpus, the needs catalogue, the tests or the benchmarks, and
coded three times: by the writer, who planned the needs first (`needs`); by a
second coder with needs of its own (`second_coder`); and by a coder applying
the needs catalogue (`catalogue_coder`, coded with version 2; its ids are read as
the model's catalogue names them, a need merged since as the need that replaces
it). The two first coded with the rule "two asks share a need when one action or
programme of the secretariat would answer both"; the third with the
catalogue's needs.

The answers are laid out as a survey export (one row per respondent, one column
per question, headed with its question) and tagged end to end by `classifier
tag`, as staff would. Scored against each coding, on its asks (answers with a
need), each pair of an answer and one of its needs an item (an answer of two
needs is two items; the tool names one need per answer):

- B-cubed precision / recall / F1 of the items into the tool's needs;
- `unique` precision / recall against needs raised by one respondent;
- `recurring` precision (`recurring` or `part of recurring need` on an item whose
  need has 2+ respondents);
- cross-lingual: needs of 2+ respondents in 2+ languages whose items all land in
  one need of the tool;
- missed asks: asks the tool saw as asking nothing;
- and, against the catalogue coder, the share of asks of one catalogue need
  that the tool gave that need (`tool_exact_catalogue_need`).

Beside it, in the same run, the bound of the embedder on the same asks, told
which answers ask: each ask's nearest ask of another respondent (sentence
embedding cosine) and whether it shares a need; and the asks grouped alone by
average linkage on cosine distance, at the tool's discovery distance and at the
best cut of a grid (chosen on these answers, so an upper bound). The coders'
agreement is the same measures with one coding as the other's gold (an answer
of several needs: each item takes the other coder's need most often given with
its own over the file).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from needs import bcubed, f1, recurrence_measures, recurrences
from scipy.cluster.hierarchy import fcluster, linkage
from stance_outside import tag_export

from classifier import ThemeClassifier
from classifier.catalogue import NeedsCatalogue
from classifier.needs.grouping import DISCOVERY_DISTANCE
from classifier.text.embeddings import USEEmbedder
from classifier.vocab import split_ids

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "benchmarks" / "data" / "needs_outside.csv"
# Each question's column in the export: its header is the question, as survey tools write it.
COLUMNS = {
    "improve": "What should the alliance improve or do differently?",
    "comments": "Any other comments?",
}
CUTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# The three codings of the asks: the writer's needs, a second coder's (blind, its own
# needs), and a coder's who applied the shipped needs catalogue (`NEW:` for an ask the
# catalogue lacks).
CODERS = {"needs": "writer", "second_coder": "second_coder", "catalogue_coder": "catalogue_coder"}
CATALOGUE_CODER = "catalogue_coder"
NEW = "NEW:"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def export(answers: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """The answers as a survey export (one row per respondent, in order of first answer)
    and each answer's row in it."""
    respondents = list(dict.fromkeys(answers["respondent"]))
    row_of = {respondent: row for row, respondent in enumerate(respondents)}
    language = dict(zip(answers["respondent"], answers["language"], strict=True))
    frame = pd.DataFrame(
        {
            "respondent_id": respondents,
            "questionnaire_language": [language[r] for r in respondents],
        }
    )
    for header in COLUMNS.values():
        frame[header] = ""
    for respondent, question, text in zip(
        answers["respondent"], answers["question"], answers["text"], strict=True
    ):
        frame.at[row_of[respondent], COLUMNS[question]] = text
    return frame, [row_of[r] for r in answers["respondent"]]


def tag_end_to_end(answers: pd.DataFrame, model_path: str | None) -> tuple[pd.DataFrame, float]:
    """Each answer's need (first of `need_ids`) and `recurrence` as `classifier tag` writes
    them, and the command's seconds."""
    frame, rows = export(answers)
    tagged, seconds = tag_export(frame, COLUMNS.values(), model_path, [])
    needs, recurrences = [], []
    for row, question in zip(rows, answers["question"], strict=True):
        header = COLUMNS[question]
        ids = split_ids(tagged.at[row, f"{header}_need_ids"])
        needs.append(ids[0] if ids else "")
        recurrences.append(tagged.at[row, f"{header}_recurrence"])
    return pd.DataFrame({"need": needs, "recurrence": recurrences}), seconds


def items(answers: pd.DataFrame, column: str) -> list[tuple[int, str]]:
    """(answer, gold need) pairs of the gold asks of `column`."""
    return [(i, need) for i, value in enumerate(answers[column]) for need in split_ids(value)]


def gold_respondents(answers: pd.DataFrame, pairs: list[tuple[int, str]]) -> dict[str, set]:
    found: dict[str, set] = {}
    for i, need in pairs:
        found.setdefault(need, set()).add(answers["respondent"].iloc[i])
    return found


Item = tuple[int, str]


def scores(
    answers: pd.DataFrame, column: str, guess: dict[Item, str], said: dict[Item, str]
) -> dict:
    """The measures of the module docstring, `column`'s needs as gold: `guess` is each
    item's need as the other side names it ("" for none: its own singleton), `said` its
    recurrence."""
    pairs = items(answers, column)
    gold = {pair: pair[1] for pair in pairs}
    guess = {pair: guess.get(pair) or f"single-{pair[0]}" for pair in pairs}
    precision, recall = bcubed(gold, guess)
    respondents = gold_respondents(answers, pairs)
    languages: dict[str, set] = {}
    for i, need in pairs:
        languages.setdefault(need, set()).add(answers["language"].iloc[i])
    truly_unique = {pair: len(respondents[pair[1]]) == 1 for pair in pairs}
    recurrence = recurrence_measures(truly_unique, {pair: said.get(pair, "") for pair in pairs})
    cross = [n for n in respondents if len(respondents[n]) >= 2 and len(languages[n]) >= 2]
    whole = sum(len({guess[pair] for pair in pairs if pair[1] == n}) == 1 for n in cross)
    asks = {i for i, _ in pairs}
    return {
        "asks": len(asks),
        "items": len(pairs),
        "gold_needs": len(respondents),
        "gold_recurring_needs": sum(len(r) >= 2 for r in respondents.values()),
        "bcubed_precision": round(precision, 3),
        "bcubed_recall": round(recall, 3),
        "bcubed_f1": round(f1(precision, recall), 3),
        "gold_unique": sum(truly_unique.values()),
        "said_unique": recurrence["said_unique"],
        "unique_precision": round(recurrence["unique_precision"], 3),
        "unique_recall": round(recurrence["unique_recall"], 3),
        "recurring_precision": round(recurrence["recurring_precision"], 3),
        "cross_lingual_needs": len(cross),
        "cross_lingual_kept_whole": round(whole / max(1, len(cross)), 3),
        "missed_asks": round(
            sum(not any(said.get(p) for p in pairs if p[0] == i) for i in asks) / max(1, len(asks)),
            3,
        ),
    }


def per_answer(
    answers: pd.DataFrame, column: str, predicted: list[str], recurrence: list[str]
) -> tuple[dict[Item, str], dict[Item, str]]:
    """Items of `column` with the one need and recurrence their answer was given."""
    pairs = items(answers, column)
    return {p: predicted[p[0]] for p in pairs}, {p: recurrence[p[0]] for p in pairs}


def aligned(
    answers: pd.DataFrame, column: str, other: str
) -> tuple[dict[Item, str], dict[Item, str]]:
    """Items of `column` with the need another coder (`other`) gave their answer: of an
    answer's needs in `other`, the one most often given with the item's need over the
    file (so an answer of two needs is not scored as one); recurrence from `other`'s own
    respondents."""
    together: Counter = Counter()
    for mine, theirs in zip(answers[column], answers[other], strict=True):
        together.update((a, b) for a in split_ids(mine) for b in split_ids(theirs))
    guess = {}
    for i, need in items(answers, column):
        theirs = split_ids(answers[other].iloc[i])
        guess[(i, need)] = min(theirs, key=lambda b: (-together[(need, b)], b)) if theirs else ""
    respondents = gold_respondents(answers, items(answers, other))
    said = {
        pair: ("recurring" if len(respondents[need]) >= 2 else "unique") if need else ""
        for pair, need in guess.items()
    }
    return guess, said


def embedder_bound(answers: pd.DataFrame, column: str, embeddings: np.ndarray) -> dict:
    """The embedder alone on the gold asks of `column` (it is told which answers ask;
    `embeddings`: every answer's sentence embedding): nearest ask of another respondent
    sharing a gold need, and average-linkage groups."""
    asks = [i for i, value in enumerate(answers[column]) if split_ids(value)]
    vectors = embeddings[asks]
    similarity = vectors @ vectors.T
    respondent = answers["respondent"].iloc[asks].to_numpy()
    similarity[respondent[:, None] == respondent[None, :]] = -np.inf
    nearest = np.argmax(similarity, axis=1)
    needs = [set(split_ids(answers[column].iloc[i])) for i in asks]
    shares = [bool(needs[k] & needs[j]) for k, j in enumerate(nearest)]
    tree = linkage(vectors, method="average", metric="cosine")
    by_cut = {}
    for cut in sorted({*CUTS, DISCOVERY_DISTANCE}):
        groups = fcluster(tree, t=cut, criterion="distance")
        predicted = [""] * len(answers)
        for k, i in enumerate(asks):
            predicted[i] = f"group-{groups[k]}"
        by_cut[str(cut)] = scores(
            answers,
            column,
            *per_answer(
                answers, column, predicted, recurrences(list(answers["respondent"]), predicted)
            ),
        )
    best = max(by_cut, key=lambda cut: by_cut[cut]["bcubed_f1"])
    return {
        "nearest_ask_shares_a_need": round(float(np.mean(shares)), 3),
        "grouped_at_discovery_distance": by_cut[str(DISCOVERY_DISTANCE)],
        "best_cut": float(best),
        "grouped_at_best_cut": by_cut[best],
        "by_cut": {cut: by_cut[cut]["bcubed_f1"] for cut in by_cut},
    }


def today_ids(codes: pd.Series, catalogue: NeedsCatalogue) -> list[str]:
    """The catalogue coder's needs as the model's catalogue names them today (a need merged
    or renamed since it was coded reads as the need that `replaces` it, as `train` and
    `report` read it); an answer's two needs merged into one are one."""
    return [
        ";".join(dict.fromkeys(catalogue.current_id(need) for need in split_ids(value)))
        for value in codes
    ]


def exact_need(answers: pd.DataFrame, predicted: list[str]) -> dict:
    """On the asks the catalogue coder gave one catalogue need: the share the tool gave
    that need, overall and per language (the need head's job, on text it never saw)."""
    single = [
        i
        for i, value in enumerate(answers[CATALOGUE_CODER])
        if len(split_ids(value)) == 1 and not value.startswith(NEW)
    ]
    right = [predicted[i] == answers[CATALOGUE_CODER].iloc[i] for i in single]
    languages = answers["language"].iloc[single].to_numpy()
    return {
        "asks": len(single),
        "exact_need": round(float(np.mean(right)), 3),
        "by_language": {
            language: round(float(np.mean(np.array(right)[languages == language])), 3)
            for language in sorted(set(languages))
        },
    }


def show(name: str, figures: dict) -> None:
    print(
        f"{name}: B-cubed P {figures['bcubed_precision']:.3f} R {figures['bcubed_recall']:.3f} "
        f"F1 {figures['bcubed_f1']:.3f} | unique P {figures['unique_precision']:.3f} "
        f"R {figures['unique_recall']:.3f} (of {figures['gold_unique']}, said "
        f"{figures['said_unique']}) | recurring P {figures['recurring_precision']:.3f} | "
        f"cross-lingual kept whole {figures['cross_lingual_kept_whole']:.3f} of "
        f"{figures['cross_lingual_needs']} | missed asks {figures['missed_asks']:.3f} | "
        f"{figures['items']} items, {figures['gold_needs']} gold needs",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    answers = read(SET)
    model = ThemeClassifier.load(args.model)
    answers[CATALOGUE_CODER] = today_ids(answers[CATALOGUE_CODER], model.codebook_.catalogue)
    tagged, seconds = tag_end_to_end(answers, args.model)
    predicted, recurrence = tagged["need"].tolist(), tagged["recurrence"].tolist()
    embeddings = USEEmbedder(threads=2).encode(answers["text"].tolist())  # once, for each coding
    figures: dict = {
        "answers": len(answers),
        "respondents": answers["respondent"].nunique(),
        "by_language": answers["language"].value_counts().sort_index().to_dict(),
        "seconds": round(seconds, 1),
        "tool_catalogue_share": round(
            float(np.mean([not n.startswith("new-") for n in predicted if n])), 3
        ),
        "tool_exact_catalogue_need": exact_need(answers, predicted),
    }
    print(f"exact catalogue need: {figures['tool_exact_catalogue_need']}")
    for gold in CODERS:
        name = CODERS[gold]
        figures[f"classifier_tag_{name}"] = scores(
            answers, gold, *per_answer(answers, gold, predicted, recurrence)
        )
        show(f"classifier tag, gold of the {name}", figures[f"classifier_tag_{name}"])
        bound = figures[f"embedder_alone_{name}"] = embedder_bound(answers, gold, embeddings)
        show("  embedder alone at the discovery distance", bound["grouped_at_discovery_distance"])
        show(f"  embedder alone at its best cut {bound['best_cut']}", bound["grouped_at_best_cut"])
        print(f"  nearest ask shares a need: {bound['nearest_ask_shares_a_need']:.3f}")
        for other in CODERS:
            if other != gold:
                agreement = scores(answers, gold, *aligned(answers, gold, other))
                figures[f"{CODERS[other]}_against_{name}"] = agreement
                show(f"  {CODERS[other]} against the {name}", agreement)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
