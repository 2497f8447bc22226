"""English."""

from .base import LanguageData

DATA = LanguageData(
    code="en",
    names=(
        "en",
        "eng",
        "english",
        "anglais",
        "ingles",
        "inglés",
        # As a form names its version ("Version anglaise", "Versión inglesa").
        "anglaise",
        "inglesa",
    ),
    column_names={
        "text": ("text", "answer", "response", "comment"),
        "respondent": (
            "respondent",
            "respondent_id",
            "respondentid",
            "resp_id",
            "participant",
            "participant_id",
        ),
        "language": (
            "questionnaire_language",
            "survey_language",
            "language",
            "lang",
            # Survey tools' own columns: LimeSurvey's `startlanguage` ("Start language"),
            # Qualtrics' `UserLanguage` and its `Q_Language` embedded data.
            "startlanguage",
            "start_language",
            "userlanguage",
            "q_language",
        ),
        "id": ("id", "response_id", "responseid", "answer_id"),
        "score": ("recommend_score", "recommendation_score", "nps", "nps_score", "score"),
    },
    score_words=("recommend", "nps"),
    rating_words=("score",),
    other_ratings=("satisf", "quality", "importan", "effort"),
    placeholder_respondents=("anonymous", "anon", "unknown", "not given", "none"),
)
