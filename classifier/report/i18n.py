"""Fixed texts of the consultation report in English, French and Spanish.

Every heading, column header and sentence of the HTML page comes from here;
theme names come from the codebook. `{name}` fields are filled by `text()`
with values that the caller has already escaped for HTML.
"""

from __future__ import annotations

import math

REPORT_LANGUAGES = ("en", "fr", "es")

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Member consultation report",
        "fr": "Rapport de la consultation des membres",
        "es": "Informe de la consulta a los miembros",
    },
    "questions": {
        "en": "Questions analysed",
        "fr": "Questions analysées",
        "es": "Preguntas analizadas",
    },
    "compared_with": {
        "en": "Compared with the previous consultation ({respondents} respondents).",
        "fr": "Comparé à la consultation précédente ({respondents} répondants).",
        "es": "Comparado con la consulta anterior ({respondents} encuestados).",
    },
    "contents": {"en": "Contents", "fr": "Sommaire", "es": "Índice"},
    "disclaimer": {
        "en": "Themes, stances, languages and needs are predicted automatically and may "
        "contain errors; quotes are members' own words.",
        "fr": "Les thèmes, tonalités, langues et besoins sont prédits automatiquement et "
        "peuvent contenir des erreurs ; les citations sont les mots des membres.",
        "es": "Los temas, posturas, idiomas y necesidades se predicen automáticamente y pueden "
        "contener errores; las citas son palabras de los propios miembros.",
    },
    # 1. overview
    "overview": {"en": "Overview", "fr": "Vue d'ensemble", "es": "Resumen"},
    "overview_intro": {
        "en": "Respondents and non-empty answers by language (the language detected for each "
        "answer; a respondent counts in the language of their first answer).",
        "fr": "Répondants et réponses non vides par langue (langue détectée pour chaque "
        "réponse ; un répondant compte dans la langue de sa première réponse).",
        "es": "Encuestados y respuestas no vacías por idioma (idioma detectado en cada "
        "respuesta; cada encuestado cuenta en el idioma de su primera respuesta).",
    },
    "language": {"en": "Language", "fr": "Langue", "es": "Idioma"},
    "respondents": {"en": "Respondents", "fr": "Répondants", "es": "Encuestados"},
    "answers": {"en": "Answers", "fr": "Réponses", "es": "Respuestas"},
    "answers_to": {
        "en": "Answers: {question}",
        "fr": "Réponses : {question}",
        "es": "Respuestas: {question}",
    },
    "total": {"en": "Total", "fr": "Total", "es": "Total"},
    "lang_fr": {"en": "French", "fr": "Français", "es": "Francés"},
    "lang_en": {"en": "English", "fr": "Anglais", "es": "Inglés"},
    "lang_es": {"en": "Spanish", "fr": "Espagnol", "es": "Español"},
    "lang_und": {"en": "undetermined", "fr": "indéterminée", "es": "indeterminado"},
    # 2. themes
    "themes": {
        "en": "Themes by frequency",
        "fr": "Thèmes par fréquence",
        "es": "Temas por frecuencia",
    },
    "themes_intro": {
        "en": "Share of answers mentioning each theme, for all languages and by language. "
        "An answer can mention several themes or none.",
        "fr": "Part des réponses qui mentionnent chaque thème, toutes langues confondues et "
        "par langue. Une réponse peut mentionner plusieurs thèmes, ou aucun.",
        "es": "Proporción de respuestas que mencionan cada tema, en todos los idiomas y por "
        "idioma. Una respuesta puede mencionar varios temas o ninguno.",
    },
    "theme": {"en": "Theme", "fr": "Thème", "es": "Tema"},
    "all_languages": {"en": "All languages", "fr": "Toutes langues", "es": "Todos los idiomas"},
    "no_theme": {
        "en": "{count} answers ({share}) mention no theme.",
        "fr": "{count} réponses ({share}) ne mentionnent aucun thème.",
        "es": "{count} respuestas ({share}) no mencionan ningún tema.",
    },
    "chart_themes": {
        "en": "Share of answers mentioning each theme (all languages)",
        "fr": "Part des réponses mentionnant chaque thème (toutes langues)",
        "es": "Proporción de respuestas que mencionan cada tema (todos los idiomas)",
    },
    "share_axis": {"en": "% of answers", "fr": "% des réponses", "es": "% de respuestas"},
    # 3. by theme
    "by_theme": {
        "en": "What members praise and ask for, by theme",
        "fr": "Ce que les membres saluent et demandent, par thème",
        "es": "Lo que los miembros valoran y piden, por tema",
    },
    "by_theme_intro": {
        "en": "For each theme: answers praising the alliance, answers asking for something "
        "or criticising, examples of praise and the largest needs raised.",
        "fr": "Pour chaque thème : les réponses qui saluent l'alliance, celles qui demandent "
        "ou critiquent, des exemples d'éloges et les besoins les plus partagés.",
        "es": "Para cada tema: respuestas que elogian a la alianza, respuestas que piden algo "
        "o critican, ejemplos de elogios y las necesidades más compartidas.",
    },
    "praise": {"en": "Praise", "fr": "Éloges", "es": "Elogios"},
    "requests": {
        "en": "Requests and criticism",
        "fr": "Demandes et critiques",
        "es": "Pedidos y críticas",
    },
    "successes": {"en": "Top successes", "fr": "Principaux succès", "es": "Principales logros"},
    "top_requests": {
        "en": "Top requests",
        "fr": "Principales demandes",
        "es": "Principales pedidos",
    },
    "no_praise": {
        "en": "No praise on this theme.",
        "fr": "Aucun éloge sur ce thème.",
        "es": "Ningún elogio sobre este tema.",
    },
    "no_request": {
        "en": "No request on this theme.",
        "fr": "Aucune demande sur ce thème.",
        "es": "Ningún pedido sobre este tema.",
    },
    "respondents_one": {"en": "1 respondent", "fr": "1 répondant", "es": "1 encuestado"},
    "respondents_many": {
        "en": "{count} respondents",
        "fr": "{count} répondants",
        "es": "{count} encuestados",
    },
    "no_answers": {
        "en": "No theme is mentioned in the answers.",
        "fr": "Aucun thème n'est mentionné dans les réponses.",
        "es": "Las respuestas no mencionan ningún tema.",
    },
    # 4. needs
    "needs": {"en": "Recurring needs", "fr": "Besoins récurrents", "es": "Necesidades recurrentes"},
    "needs_intro": {
        "en": "Requests and criticisms grouped into needs across languages. A need is "
        "recurring when at least two respondents raise it; largest first.",
        "fr": "Demandes et critiques regroupées en besoins, toutes langues confondues. Un "
        "besoin est récurrent quand au moins deux répondants l'expriment ; les plus "
        "partagés d'abord.",
        "es": "Pedidos y críticas agrupados en necesidades en todos los idiomas. Una necesidad "
        "es recurrente cuando al menos dos encuestados la plantean; las más compartidas "
        "primero.",
    },
    "need": {"en": "Need", "fr": "Besoin", "es": "Necesidad"},
    "languages": {"en": "Languages", "fr": "Langues", "es": "Idiomas"},
    "themes_col": {"en": "Themes", "fr": "Thèmes", "es": "Temas"},
    "quotes": {"en": "Quotes", "fr": "Citations", "es": "Citas"},
    "quote": {"en": "Quote", "fr": "Citation", "es": "Cita"},
    "no_recurring": {
        "en": "No need is shared by two respondents or more.",
        "fr": "Aucun besoin n'est partagé par deux répondants ou plus.",
        "es": "Ninguna necesidad es compartida por dos encuestados o más.",
    },
    "one_off": {
        "en": "One-off suggestions",
        "fr": "Suggestions ponctuelles",
        "es": "Sugerencias puntuales",
    },
    "one_off_intro": {
        "en": "Needs raised by a single respondent, by theme.",
        "fr": "Besoins exprimés par un seul répondant, par thème.",
        "es": "Necesidades planteadas por un solo encuestado, por tema.",
    },
    "several_points": {
        "en": "{count} separate suggestions in this answer",
        "fr": "{count} suggestions distinctes dans cette réponse",
        "es": "{count} sugerencias distintas en esta respuesta",
    },
    "more_in_workbook": {
        "en": "… and {count} more on this theme in the XLSX workbook.",
        "fr": "… et {count} autres sur ce thème dans le classeur XLSX.",
        "es": "… y {count} más sobre este tema en el libro XLSX.",
    },
    "no_one_off": {
        "en": "No one-off suggestion.",
        "fr": "Aucune suggestion ponctuelle.",
        "es": "Ninguna sugerencia puntual.",
    },
    "no_theme_short": {"en": "(no theme)", "fr": "(aucun thème)", "es": "(sin tema)"},
    "needs_unavailable": {
        "en": "Needs are not available: the file has no need columns (tag it with a model "
        "that predicts stances).",
        "fr": "Les besoins ne sont pas disponibles : le fichier n'a pas de colonnes de "
        "besoins (étiquetez-le avec un modèle qui prédit la tonalité).",
        "es": "Las necesidades no están disponibles: el archivo no tiene columnas de "
        "necesidades (etiquételo con un modelo que prediga la postura).",
    },
    # 5. NPS
    "nps": {
        "en": "Net promoter score",
        "fr": "Net Promoter Score (NPS)",
        "es": "Índice de recomendación neta (NPS)",
    },
    "nps_intro": {
        "en": "Promoters (scores 9–10) minus detractors (0–6), as a percentage of the "
        "respondents with a valid 0–10 score, from −100 to +100.",
        "fr": "Promoteurs (notes 9–10) moins détracteurs (0–6), en pourcentage des "
        "répondants ayant donné une note valide de 0 à 10, de −100 à +100.",
        "es": "Promotores (puntuaciones 9–10) menos detractores (0–6), en porcentaje de los "
        "encuestados con una puntuación válida de 0 a 10, de −100 a +100.",
    },
    "nps_unavailable": {
        "en": "Recommendation scores are not available: no score column was given, or it "
        "holds no 0–10 score.",
        "fr": "Les notes de recommandation ne sont pas disponibles : aucune colonne de note "
        "n'a été indiquée, ou elle ne contient aucune note de 0 à 10.",
        "es": "Las puntuaciones de recomendación no están disponibles: no se indicó ninguna "
        "columna de puntuación, o no contiene ninguna puntuación de 0 a 10.",
    },
    "group": {"en": "Group", "fr": "Groupe", "es": "Grupo"},
    "overall": {
        "en": "All respondents",
        "fr": "Tous les répondants",
        "es": "Todos los encuestados",
    },
    "scored": {"en": "Scores", "fr": "Notes", "es": "Puntuaciones"},
    "promoters": {"en": "Promoters", "fr": "Promoteurs", "es": "Promotores"},
    "passives": {"en": "Passives", "fr": "Passifs", "es": "Pasivos"},
    "detractors": {"en": "Detractors", "fr": "Détracteurs", "es": "Detractores"},
    "nps_short": {"en": "NPS", "fr": "NPS", "es": "NPS"},
    "by_language": {"en": "By language", "fr": "Par langue", "es": "Por idioma"},
    "by_segment": {"en": "By {column}", "fr": "Par {column}", "es": "Por {column}"},
    "not_given": {"en": "(not given)", "fr": "(non renseigné)", "es": "(sin dato)"},
    "chart_nps": {
        "en": "Net promoter score by group",
        "fr": "Net Promoter Score par groupe",
        "es": "Índice de recomendación neta por grupo",
    },
    "nps_themes": {
        "en": "Themes among detractors and promoters",
        "fr": "Thèmes chez les détracteurs et les promoteurs",
        "es": "Temas entre detractores y promotores",
    },
    "nps_themes_intro": {
        "en": "Share of detractors' answers and of promoters' answers mentioning each theme; "
        "themes most typical of detractors first.",
        "fr": "Part des réponses des détracteurs et des promoteurs qui mentionnent chaque "
        "thème ; les thèmes les plus propres aux détracteurs d'abord.",
        "es": "Proporción de respuestas de detractores y de promotores que mencionan cada "
        "tema; primero los temas más propios de los detractores.",
    },
    "detractor_answers": {
        "en": "Detractors' answers",
        "fr": "Réponses des détracteurs",
        "es": "Respuestas de detractores",
    },
    "promoter_answers": {
        "en": "Promoters' answers",
        "fr": "Réponses des promoteurs",
        "es": "Respuestas de promotores",
    },
    "difference": {"en": "Difference", "fr": "Écart", "es": "Diferencia"},
    "no_nps_themes": {
        "en": "No theme is mentioned by detractors or promoters.",
        "fr": "Aucun thème n'est mentionné par les détracteurs ou les promoteurs.",
        "es": "Ni los detractores ni los promotores mencionan ningún tema.",
    },
    # 6. comparison
    "compare": {
        "en": "Change since the previous consultation",
        "fr": "Évolution depuis la consultation précédente",
        "es": "Cambios desde la consulta anterior",
    },
    "theme_change_intro": {
        "en": "Share of answers mentioning each theme: this year minus the previous "
        "consultation, in percentage points.",
        "fr": "Part des réponses mentionnant chaque thème : cette année moins la consultation "
        "précédente, en points de pourcentage.",
        "es": "Proporción de respuestas que mencionan cada tema: este año menos la consulta "
        "anterior, en puntos porcentuales.",
    },
    "this_year": {"en": "This year", "fr": "Cette année", "es": "Este año"},
    "previous": {"en": "Previous", "fr": "Précédente", "es": "Anterior"},
    "change": {"en": "Change", "fr": "Évolution", "es": "Cambio"},
    "change_in": {
        "en": "Change: {language}",
        "fr": "Évolution : {language}",
        "es": "Cambio: {language}",
    },
    "chart_theme_change": {
        "en": "Change in the share of answers mentioning each theme (percentage points)",
        "fr": "Évolution de la part des réponses mentionnant chaque thème (points)",
        "es": "Cambio en la proporción de respuestas que mencionan cada tema (puntos)",
    },
    "change_axis": {
        "en": "percentage points",
        "fr": "points de pourcentage",
        "es": "puntos porcentuales",
    },
    "nps_change": {
        "en": "Net promoter score: change",
        "fr": "Net Promoter Score : évolution",
        "es": "Índice de recomendación neta: cambio",
    },
    "nps_change_unavailable": {
        "en": "The change in net promoter score is not available: one of the two files has no "
        "0–10 score.",
        "fr": "L'évolution du Net Promoter Score n'est pas disponible : l'un des deux fichiers "
        "ne contient aucune note de 0 à 10.",
        "es": "El cambio del índice de recomendación neta no está disponible: uno de los dos "
        "archivos no contiene puntuaciones de 0 a 10.",
    },
}


def text(key: str, lang: str, **fields: object) -> str:
    """The fixed text `key` in `lang`, with `{name}` fields filled in."""
    template = TEXTS[key][lang]
    return template.format(**fields) if fields else template


def respondents_label(count: int, lang: str) -> str:
    """'1 respondent' / '3 respondents' in `lang`."""
    if count == 1:
        return text("respondents_one", lang)
    return text("respondents_many", lang, count=count)


def _decimal(value: float, digits: int, lang: str) -> str:
    formatted = f"{value:.{digits}f}"
    return formatted.replace(".", ",") if lang in ("fr", "es") else formatted


def _minus(formatted: str) -> str:
    """A typographic minus sign instead of the hyphen."""
    return "\u2212" + formatted[1:] if formatted.startswith("-") else formatted


def format_percent(value: float, lang: str) -> str:
    """12.5% (en), 12,5 % (fr, es); an undefined value is a dash."""
    if value is None or not math.isfinite(value):
        return "—"
    number = _decimal(value, 1, lang)
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def format_points(value: float, lang: str) -> str:
    """A signed change in percentage points: +3.2 pp, +3,2 pts, +3,2 p. p."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = round(value, 1)
    number = _minus(_decimal(rounded, 1, lang))
    if rounded > 0:
        number = "+" + number
    unit = {"en": "pp", "fr": "pts", "es": "p.\u00a0p."}[lang]
    return f"{number}\u00a0{unit}"


def format_tick(value: float, lang: str) -> str:
    """A chart axis number: 2.5 (en), 2,5 (fr, es), with a typographic minus."""
    formatted = f"{value:g}"
    return _minus(formatted.replace(".", ",") if lang in ("fr", "es") else formatted)


def format_nps(value: float, lang: str) -> str:
    """A signed whole score: +12, −8, 0; an undefined value is a dash."""
    if value is None or not math.isfinite(value):
        return "—"
    rounded = int(math.floor(value + 0.5)) if value >= 0 else -int(math.floor(-value + 0.5))
    return f"+{rounded}" if rounded > 0 else _minus(str(rounded))
