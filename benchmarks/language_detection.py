"""Language detection accuracy by answer length, language and style, side by side with lingua.

    python benchmarks/language_detection.py [--json PATH] [--speed N]

Data (benchmarks/data/, team-written, see its README):

- `short_answers.csv`: survey-style answers in fr/en/es, by length bucket
  (`1-2`, `3-5`, `6+` words) and style (`plain`, `accentless`, `sms`,
  `loanword`); accuracy counts `und` as wrong, and the `und` share is reported;
- `no_language.csv`: answers without a language ("ok", "10/10", emoji): the
  share called `und` (higher is better);
- `mixed_answers.csv`: answers with a clause in each of two languages: the
  dominant language (more words) and whether the answer is flagged mixed.

`in_column` is the tool in survey context: each language's answers of
`short_answers.csv` tagged as one column, so the column prior applies.

Detectors, in one run: `classifier` (this tool, `detect_language`, no survey
context), `langdetect` (langdetect alone with the rule the tool used before word
evidence: best of fr/en/es if p >= 0.80, else und) and `lingua`
(lingua-language-detector restricted to fr/en/es, from the `bench` extras;
skipped when not installed; it never says und). `--json` writes every figure, so
README's and benchmarks/RESULTS.md's figures can be checked against it. `--speed N` also times
`detect_languages` alone on N distinct answers of the labeled corpus.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from classifier.text.language import (
    detect_language,
    detect_languages,
    language_probabilities,
    language_shares,
)
from classifier.text.word_evidence import frequency_table, word_scorer
from classifier.vocab import LANGUAGES, UNDETERMINED

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
BUCKETS = ("1-2", "3-5", "6+")
# The rule of the tool before word evidence (0.2.0): langdetect alone, kept if p >= 0.80.
LANGDETECT_MIN_CONFIDENCE = 0.80


def langdetect_alone(text: str) -> str:
    """The 0.2.0 detector: langdetect's best fr/en/es language when p >= 0.80, else und."""
    probabilities = language_probabilities(text)
    if not probabilities:
        return UNDETERMINED
    best = max(sorted(probabilities), key=probabilities.__getitem__)
    return best if probabilities[best] >= LANGDETECT_MIN_CONFIDENCE else UNDETERMINED


def lingua_detector() -> Callable[[str], str] | None:
    """lingua restricted to fr/en/es, or None when the bench extras are not installed."""
    try:
        # Optional reference (bench extras): imported only when the benchmark runs.
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    detector = LanguageDetectorBuilder.from_languages(
        Language.FRENCH, Language.ENGLISH, Language.SPANISH
    ).build()
    codes = {Language.FRENCH: "fr", Language.ENGLISH: "en", Language.SPANISH: "es"}
    return lambda text: codes.get(detector.detect_language_of(text), UNDETERMINED)


def detectors() -> dict[str, Callable[[str], str]]:
    """The detectors compared, ours first."""
    found: dict[str, Callable[[str], str]] = {
        "classifier": detect_language,
        "langdetect": langdetect_alone,
    }
    lingua = lingua_detector()
    if lingua is not None:
        found["lingua"] = lingua
    return found


def scores(part: pd.DataFrame, names: list[str]) -> dict:
    """n, accuracy and und share of each detector on a slice of labeled answers."""
    return {
        "n": len(part),
        "accuracy": {d: round(float((part[d] == part["language"]).mean()), 3) for d in names},
        "und": {d: round(float((part[d] == UNDETERMINED).mean()), 3) for d in names},
    }


def short_answer_figures(found: dict[str, Callable[[str], str]]) -> dict:
    """Figures on short_answers.csv: overall, per bucket, per language x bucket, per style."""
    frame = pd.read_csv(DATA / "short_answers.csv", dtype=str, keep_default_na=False)
    names = list(found)
    for name, detect in found.items():
        frame[name] = [detect(text) for text in frame["text"]]
    return {
        "all": scores(frame, names),
        "buckets": {b: scores(frame[frame["bucket"] == b], names) for b in BUCKETS},
        "languages": {
            lang: {
                b: scores(frame[(frame["language"] == lang) & (frame["bucket"] == b)], names)
                for b in BUCKETS
            }
            for lang in LANGUAGES
        },
        "styles": {
            style: scores(frame[frame["style"] == style], names)
            for style in sorted(frame["style"].unique())
        },
    }


def in_column_figures() -> dict:
    """Our accuracy per bucket when each language's answers are one column (`detect_languages`):
    a questionnaire in one language exported without a language column. The column prior
    comes from the column's answers of 4+ words."""
    frame = pd.read_csv(DATA / "short_answers.csv", dtype=str, keep_default_na=False)
    frame["in_column"] = ""
    for lang in LANGUAGES:
        rows = frame["language"] == lang
        frame.loc[rows, "in_column"] = detect_languages(frame.loc[rows, "text"].tolist())
    return {b: scores(frame[frame["bucket"] == b], ["in_column"]) for b in BUCKETS}


def no_language_figures(found: dict[str, Callable[[str], str]]) -> dict:
    """Share of answers without a language that each detector calls und."""
    texts = pd.read_csv(DATA / "no_language.csv", dtype=str, keep_default_na=False)["text"]
    return {
        "n": len(texts),
        "und": {
            name: round(sum(detect(t) == UNDETERMINED for t in texts) / len(texts), 3)
            for name, detect in found.items()
        },
    }


def mixed_figures(found: dict[str, Callable[[str], str]]) -> dict:
    """Dominant-language accuracy on mixed answers, and how many the tool flags as mixed."""
    frame = pd.read_csv(DATA / "mixed_answers.csv", dtype=str, keep_default_na=False)
    shares = [language_shares(text) for text in frame["text"]]
    flagged = [
        len(s) > 1 and set(s) == {lang, other}
        for s, lang, other in zip(shares, frame["language"], frame["other"], strict=True)
    ]
    return {
        "n": len(frame),
        "dominant_accuracy": {
            name: round(
                float(
                    sum(
                        detect(t) == lang
                        for t, lang in zip(frame["text"], frame["language"], strict=True)
                    )
                    / len(frame)
                ),
                3,
            )
            for name, detect in found.items()
        },
        "flagged_mixed": round(sum(flagged) / len(frame), 3),
    }


def false_mixed() -> dict:
    """Share of one-language answers of 6+ words that the tool wrongly flags as mixed."""
    frame = pd.read_csv(DATA / "short_answers.csv", dtype=str, keep_default_na=False)
    texts = frame.loc[frame["bucket"] == "6+", "text"]
    wrong = sum(len(language_shares(t)) > 1 for t in texts)
    return {"n": len(texts), "flagged_mixed": round(wrong / len(texts), 3)}


def speed(count: int) -> dict:
    """Seconds of `detect_languages` alone on `count` distinct corpus answers (one process)."""
    corpus = pd.concat(
        pd.read_csv(ROOT / "data" / "labeled" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("train", "test")
    )
    drawn = corpus["text"].sample(count, replace=True, random_state=0).tolist()
    seen: dict[str, int] = {}
    texts = []
    for text in drawn:  # repeated draws made distinct, as in benchmarks/speed.py
        seen[text] = seen.get(text, 0) + 1
        tag = "".join(chr(97 + int(d)) for d in str(seen[text]))
        texts.append(text if seen[text] == 1 else f"{text} ({tag})")
    frequency_table.cache_clear()
    word_scorer.cache_clear()
    started = time.perf_counter()
    word_scorer()  # the word table, built once per process on first use
    table = time.perf_counter() - started
    detect_languages(texts[:20])
    wall, cpu = time.perf_counter(), time.process_time()
    detect_languages(texts)
    return {
        "answers": len(set(texts)),
        "seconds": round(time.perf_counter() - wall, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "word_table_seconds": round(table, 2),
    }


def print_table(title: str, rows: dict[str, dict], names: list[str]) -> None:
    """One block of the report: accuracy then und share of each detector, per row."""
    print(f"\n{title}")
    header = " ".join(f"{n:>10s}" for n in names)
    print(f"{'':16s} {'n':>4s} {header}   und: {header}")
    for label, figures in rows.items():
        accuracy = " ".join(f"{figures['accuracy'][n]:10.3f}" for n in names)
        und = " ".join(f"{figures['und'][n]:10.3f}" for n in names)
        print(f"{label:16s} {figures['n']:4d} {accuracy}        {und}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--speed", type=int, metavar="N", help="time detect_languages on N answers")
    args = parser.parse_args()
    found = detectors()
    names = list(found)
    if "lingua" not in found:
        print("(lingua not installed: pip install '.[bench]' for the reference column)")
    short = short_answer_figures(found)
    results = {
        "detectors": names,
        "short_answers": short,
        "in_column": in_column_figures(),
        "no_language": no_language_figures(found),
        "mixed": mixed_figures(found),
        "false_mixed": false_mixed(),
    }
    print(
        f"short_answers.csv: {short['all']['n']} answers; accuracy (und counts as wrong), "
        "then share of und"
    )
    print_table("by length bucket", {**short["buckets"], "all": short["all"]}, names)
    for lang in LANGUAGES:
        print_table(f"{lang} by bucket", short["languages"][lang], names)
    print_table("by style", short["styles"], names)
    print_table(
        "classifier, each language's answers as one column", results["in_column"], ["in_column"]
    )
    none = results["no_language"]
    print(
        f"\nno_language.csv ({none['n']}): called und "
        + ", ".join(f"{n} {none['und'][n]:.3f}" for n in names)
    )
    mixed = results["mixed"]
    print(
        f"mixed_answers.csv ({mixed['n']}): dominant language "
        + ", ".join(f"{n} {mixed['dominant_accuracy'][n]:.3f}" for n in names)
        + f"; flagged mixed (classifier) {mixed['flagged_mixed']:.3f}"
    )
    print(f"one-language 6+ answers flagged mixed: {results['false_mixed']['flagged_mixed']:.3f}")
    if args.speed:
        results["speed"] = speed(args.speed)
        s = results["speed"]
        print(
            f"\ndetect_languages on {s['answers']} distinct answers: {s['seconds']} s "
            f"(CPU {s['cpu_seconds']} s); word table built in {s['word_table_seconds']} s"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
