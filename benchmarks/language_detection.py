"""Language detection accuracy by answer length, against lingua as a reference.

    python benchmarks/language_detection.py

Data: benchmarks/data/short_answers.csv (team-written short survey answers,
40 per language per length bucket). lingua-language-detector is only a
reference, installed with the `bench` extras (`pip install ".[bench]"`); the
script skips it when it is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from classifier.text.language import detect_language

DATA = Path(__file__).parent / "data" / "short_answers.csv"


def lingua_detector():
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    detector = LanguageDetectorBuilder.from_languages(
        Language.FRENCH, Language.ENGLISH, Language.SPANISH
    ).build()
    codes = {Language.FRENCH: "fr", Language.ENGLISH: "en", Language.SPANISH: "es"}
    return lambda text: codes.get(detector.detect_language_of(text), "und")


def main() -> None:
    frame = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    frame["classifier"] = [detect_language(t) for t in frame["text"]]
    detectors = ["classifier"]
    lingua = lingua_detector()
    if lingua is not None:
        frame["lingua"] = [lingua(t) for t in frame["text"]]
        detectors.append("lingua")
    else:
        print("(lingua not installed: pip install '.[bench]' for the reference column)")
    print(f"{len(frame)} answers; accuracy (und counts as wrong) by length bucket\n")
    print(
        f"{'bucket':8s} {'n':>4s} "
        + " ".join(f"{d:>11s}" for d in detectors)
        + f" {'und (ours)':>11s}"
    )
    for bucket in ["1-2", "3-5", "6+"]:
        part = frame[frame["bucket"] == bucket]
        scores = " ".join(f"{(part[d] == part['language']).mean():11.3f}" for d in detectors)
        print(f"{bucket:8s} {len(part):4d} {scores} {(part['classifier'] == 'und').mean():11.3f}")
    overall = " ".join(f"{(frame[d] == frame['language']).mean():11.3f}" for d in detectors)
    print(f"{'all':8s} {len(frame):4d} {overall}")


if __name__ == "__main__":
    main()
