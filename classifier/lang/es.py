"""Spanish."""

from .base import LanguageData

DATA = LanguageData(
    code="es",
    names=(
        "es",
        "spa",
        "spanish",
        "espanol",
        "español",
        "espagnol",
        "castellano",
        # As a form names its version ("Version espagnole", "Versión española").
        "espagnole",
        "española",
        "espanola",
    ),
    column_names={
        "text": ("respuesta",),
        "respondent": (
            "encuestado",
            "id_encuestado",
            "id_del_encuestado",
            "id_de_encuestado",
            "id_participante",
            "id_del_participante",
        ),
        "language": (
            "idioma",
            "idioma_del_cuestionario",
            "idioma_cuestionario",
            "idioma_de_la_encuesta",
            "idioma_encuesta",
        ),
        "id": ("id_de_respuesta", "id_respuesta", "id_de_la_respuesta"),
    },
    score_words=("recomend", "recomiend"),
    rating_words=("puntuación", "puntuacion", "puntaje", "calificación", "calificacion"),
    other_ratings=("satisf", "calidad", "importan", "esfuerzo"),
    placeholder_respondents=(
        "anónimo",
        "anonimo",
        "anónima",
        "anonima",
        "desconocido",
        "desconocida",
        "ninguno",
    ),
)
