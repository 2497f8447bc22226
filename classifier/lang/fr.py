"""French."""

from .base import LanguageData

DATA = LanguageData(
    code="fr",
    names=("fr", "fra", "fre", "french", "francais", "français"),
    elision=r"qu|jusqu|lorsqu|puisqu|[cdjlmnst]",
    point_connectors=("et aussi", "aussi,"),
    column_names={
        "text": ("texte",),
        "language": ("langue",),
    },
)
