"""Spanish."""

from .base import LanguageData

DATA = LanguageData(
    code="es",
    names=("es", "spa", "spanish", "espanol", "español", "espagnol", "castellano"),
    point_connectors=("y también", "y tambien", "además,", "ademas,"),
    column_names={
        "text": ("respuesta",),
        "language": ("idioma",),
    },
)
