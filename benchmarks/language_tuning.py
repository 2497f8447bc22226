"""How the language detector's settings were chosen: on the training split only.

    python benchmarks/language_tuning.py

Windows of 1 to 5 words cut from the answers of data/labeled/train.csv (one
window per length and answer, at a seeded random place; 30 % stripped of their
accents), plus the whole answers of 6+ words, keep their answer's language. For
each setting of the letters at which langdetect counts fully
(LANGDETECT_FULL_WEIGHT_LETTERS) and of the posterior below which the answer is
`und` (MIN_CONFIDENCE), the script prints the accuracy and `und` share per
length bucket. Windows cut mid-sentence ("de la", "of the") are harder than real
short answers, so the figures are lower than the benchmark's; they are used to
compare settings, not to report quality. The benchmark data is never used here.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pandas as pd

from classifier.text import language, word_evidence
from classifier.vocab import LANGUAGES, UNDETERMINED

TRAIN = Path(__file__).resolve().parent.parent / "data" / "labeled" / "train.csv"


def windows() -> list[tuple[str, str, str, dict[str, float], int]]:
    """(text, language, bucket, langdetect probabilities, letters) of every window."""
    frame = pd.read_csv(TRAIN, dtype=str, keep_default_na=False)
    rng = random.Random(0)
    found = []
    for text, lang in zip(frame["text"], frame["language"], strict=True):
        words = text.split()
        for size in (1, 2, 3, 4, 5, None):
            if size is None:
                if len(words) < 6:
                    continue
                window, bucket = text, "6+"
            else:
                if len(words) < size:
                    continue
                start = rng.randrange(len(words) - size + 1)
                window = " ".join(words[start : start + size]).strip(".,;:!?()\"'«»")
                bucket = "1-2" if size <= 2 else "3-5"
            if rng.random() < 0.3:
                window = word_evidence.strip_accents(window)
            letters = sum(map(str.isalpha, window))
            found.append((window, lang, bucket, language.language_probabilities(window), letters))
    return found


def score(rows, full_letters: float, confidence: float) -> dict[str, tuple[float, float]]:
    """Accuracy and und share per bucket for one setting."""
    scorer = word_evidence.word_scorer()
    stats: dict[str, list[int]] = {}
    for text, lang, bucket, probabilities, letters in rows:
        predicted = UNDETERMINED
        if letters >= language.MIN_LETTERS:
            evidence = word_evidence.evidence(word_evidence.tokens(text), scorer)
            words = [sum(column) for column in zip(*evidence, strict=True)] or [0.0] * 3
            weight = min(1.0, letters / full_letters)
            scores = [
                s + weight * math.log(max(probabilities.get(code, 0.0), language.LANGDETECT_FLOOR))
                for s, code in zip(words, LANGUAGES, strict=True)
            ]
            posterior = word_evidence.softmax(scores)
            best = max(range(len(LANGUAGES)), key=posterior.__getitem__)
            if posterior[best] >= confidence:
                predicted = LANGUAGES[best]
        counts = stats.setdefault(bucket, [0, 0, 0])
        counts[0] += 1
        counts[1] += predicted == lang
        counts[2] += predicted == UNDETERMINED
    return {b: (c[1] / c[0], c[2] / c[0]) for b, c in sorted(stats.items())}


def main() -> None:
    rows = windows()
    print(f"{len(rows)} windows of the training split; accuracy / und share per bucket")
    for full_letters, confidence in itertools.product((20, 40, 80, math.inf), (0.5, 0.6, 0.7)):
        figures = score(rows, full_letters, confidence)
        cells = "  ".join(f"{b} {a:.3f} / {u:.3f}" for b, (a, u) in figures.items())
        print(f"langdetect full at {full_letters:>4} letters, und below {confidence}: {cells}")


if __name__ == "__main__":
    main()
