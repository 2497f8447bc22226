"""French."""

from .base import LanguageData

DATA = LanguageData(
    code="fr",
    names=(
        "fr",
        "fra",
        "fre",
        "french",
        "francais",
        "français",
        "frances",
        "francés",
        # As a form names its version ("Version française", "Versión francesa").
        "française",
        "francaise",
        "francesa",
    ),
    elision=r"qu|jusqu|lorsqu|puisqu|[cdjlmnst]",
    column_names={
        "text": ("texte",),
        "respondent": (
            "répondant",
            "repondant",
            "id_répondant",
            "id_repondant",
            "id_du_répondant",
            "id_du_repondant",
        ),
        "language": (
            "langue",
            "langue_du_questionnaire",
            "langue_questionnaire",
            "langue_de_l'enquête",
            "langue_de_l'enquete",
        ),
        "id": ("id_réponse", "id_reponse", "id_de_la_réponse", "id_de_la_reponse"),
    },
    score_words=("recommand",),
    rating_words=("note", "notation"),
    other_ratings=("satisf", "qualit", "importan"),
    placeholder_respondents=("anonyme", "inconnu", "inconnue", "non renseigné", "aucun"),
)
