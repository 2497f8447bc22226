"""French."""

from .base import LanguageData

DATA = LanguageData(
    code="fr",
    names=("fr", "fra", "fre", "french", "francais", "français", "frances", "francés"),
    elision=r"qu|jusqu|lorsqu|puisqu|[cdjlmnst]",
    column_names={
        "text": ("texte",),
        "language": ("langue",),
    },
    score_words=("recommand",),
)
