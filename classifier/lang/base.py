"""What the tool needs to know about one answer language (spaCy-style language data)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageData:
    """Per-language facts, kept as data so that adding a language is adding one module.

    - `names`: how a survey export may write the language in a language column
      (codes and names, in any of the supported languages), lowercase;
    - `elision`: a regex alternation of the words elided before an apostrophe
      ("l'", "qu'"), split off before lemmatizing; None when the language has none;
    - `column_names`: conventional column names of a survey export in this
      language, per role ("text", "respondent", "language", "id", "score");
    - `score_words`: word stems that name the recommendation question in a column
      header written as the question ("How likely are you to recommend...? (0-10)"),
      lowercase: such a column is the score column when its cells are 0-10 scores;
    - `placeholder_respondents`: what an export writes in the respondent column for a
      respondent it does not identify ("Anonymous", "anonyme", "anónimo"), lowercase: such
      an id names nobody, and counts as no id (each of its answers its own respondent);
    - `rating_words`: words of a header that names a score without naming the
      recommendation question ("Puntuación", "Note (0-10)"), lowercase, each spelling in
      full (a word starting with one, "Notes", is another word): such a column is
      the score column when no header names the question and its cells are 0-10 scores,
      one of them above 5 (a 1-5 rating is not a recommendation score);
    - `other_ratings`: word stems of a header naming what a rating rates when that
      is not the recommendation ("Note de satisfaction", "Quality score",
      "Puntuación de importancia"), lowercase: a column headed with a rating word and
      one of these is another 0-10 rating, whose net promoter score would mean nothing.
    """

    code: str
    names: tuple[str, ...]
    elision: str | None = None
    column_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    score_words: tuple[str, ...] = ()
    rating_words: tuple[str, ...] = ()
    other_ratings: tuple[str, ...] = ()
    placeholder_respondents: tuple[str, ...] = ()
