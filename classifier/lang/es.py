"""Spanish."""

from .base import LanguageData

DATA = LanguageData(
    code="es",
    names=("es", "spa", "spanish", "espanol", "español", "espagnol", "castellano"),
    column_names={
        "text": ("respuesta",),
        "language": ("idioma",),
    },
    score_words=("recomend", "recomiend"),
)
