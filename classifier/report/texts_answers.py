"""Fixed texts of the report's page header and of its sections about the answers.

The page title, contents and disclaimer, then 1. overview, 2. themes by
frequency, 3. praise and requests by theme, 4. recurring needs and unique
suggestions; each key maps a report language to its text (see `i18n.text`).
"""

from __future__ import annotations

ANSWER_TEXTS: dict[str, dict[str, str]] = {
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
        "en": "Compared with the previous consultation ({respondents}).",
        "fr": "Comparaison avec la consultation précédente ({respondents}).",
        "es": "En comparación con la consulta anterior ({respondents}).",
    },
    "contents": {"en": "Contents", "fr": "Sommaire", "es": "Índice"},
    "disclaimer": {
        "en": "Themes, stances, needs and the languages the export does not declare are "
        "predicted automatically and may contain errors; quotes are members' own words.",
        "fr": "Les thèmes, les tonalités, les besoins et les langues que l'export ne déclare "
        "pas sont prédits automatiquement et peuvent contenir des erreurs\u00a0; les citations "
        "reprennent les propres mots des membres.",
        "es": "Los temas, las posturas, las necesidades y los idiomas que la exportación no "
        "declara se predicen automáticamente y pueden contener errores; las citas recogen las "
        "palabras de los propios miembros.",
    },
    # 1. overview
    "overview": {"en": "Overview", "fr": "Vue d'ensemble", "es": "Resumen"},
    "overview_intro": {  # the file does not show whether a language was declared
        "en": "Respondents and non-empty answers by language (an answer's language is the "
        "questionnaire's when the export gives it, else the one detected in the answer; a "
        "respondent counts in the language of their first answer).",
        "fr": "Répondants et réponses non vides par langue (la langue d'une réponse est celle "
        "du questionnaire quand l'export la donne, sinon celle détectée dans la réponse\u00a0; un "
        "répondant compte dans la langue de sa première réponse).",
        "es": "Encuestados y respuestas no vacías por idioma (el idioma de una respuesta es el "
        "del cuestionario cuando la exportación lo indica; si no, el detectado en la "
        "respuesta; cada encuestado cuenta en el idioma de su primera respuesta).",
    },
    "overview_intro_declared": {
        "en": "Respondents and non-empty answers by language (the questionnaire language of "
        "column {column} when it is French, English or Spanish, else the language detected "
        "in the answer; a respondent counts in the language of their first answer).",
        "fr": "Répondants et réponses non vides par langue (langue du questionnaire de la "
        "colonne {column} quand c'est le français, l'anglais ou l'espagnol, sinon langue "
        "détectée dans la réponse\u00a0; un répondant compte dans la langue de sa première "
        "réponse).",
        "es": "Encuestados y respuestas no vacías por idioma (idioma del cuestionario de la "
        "columna {column} cuando es francés, inglés o español; si no, idioma detectado en la "
        "respuesta; cada encuestado cuenta en el idioma de su primera respuesta).",
    },
    "language": {"en": "Language", "fr": "Langue", "es": "Idioma"},
    "respondents": {"en": "Respondents", "fr": "Répondants", "es": "Encuestados"},
    "answers": {"en": "Answers", "fr": "Réponses", "es": "Respuestas"},
    "label_value": {  # a label and its value: French puts a space before the colon
        "en": "{label}: {value}",
        "fr": "{label}\u00a0: {value}",
        "es": "{label}: {value}",
    },
    "answers_to": {
        "en": "Answers: {question}",
        "fr": "Réponses\u00a0: {question}",
        "es": "Respuestas: {question}",
    },
    "total": {"en": "Total", "fr": "Total", "es": "Total"},
    "list_separator": {"en": "; ", "fr": "\u00a0; ", "es": "; "},
    "lang_fr": {"en": "French", "fr": "Français", "es": "Francés"},
    "lang_en": {"en": "English", "fr": "Anglais", "es": "Inglés"},
    "lang_es": {"en": "Spanish", "fr": "Espagnol", "es": "Español"},
    "lang_und": {"en": "undetermined", "fr": "Indéterminée", "es": "Indeterminado"},
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
    "no_theme_one": {
        "en": "{count} answer ({share}) mentions no theme.",
        "fr": "{count} réponse ({share}) ne mentionne aucun thème.",
        "es": "{count} respuesta ({share}) no menciona ningún tema.",
    },
    "no_theme_many": {
        "en": "{count} answers ({share}) mention no theme.",
        "fr": "{count} réponses ({share}) ne mentionnent aucun thème.",
        "es": "{count} respuestas ({share}) no mencionan ningún tema.",
    },
    "chart_themes": {
        "en": "Share of answers mentioning each theme (all languages)",
        "fr": "Part des réponses mentionnant chaque thème (toutes langues confondues)",
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
        "fr": "Pour chaque thème\u00a0: les réponses qui saluent l'alliance, celles qui "
        "formulent une demande ou une critique, des exemples d'éloges et les besoins les plus "
        "partagés.",
        "es": "Para cada tema: las respuestas que elogian a la alianza, las que formulan una "
        "petición o una crítica, ejemplos de elogios y las necesidades más compartidas.",
    },
    "praise": {"en": "Praise", "fr": "Éloges", "es": "Elogios"},
    "requests": {
        "en": "Requests and criticism",
        "fr": "Demandes et critiques",
        "es": "Peticiones y críticas",
    },
    "successes": {"en": "Top successes", "fr": "Principaux succès", "es": "Principales logros"},
    "top_requests": {
        "en": "Top requests",
        "fr": "Principales demandes",
        "es": "Principales peticiones",
    },
    "no_praise": {
        "en": "No praise on this theme.",
        "fr": "Aucun éloge sur ce thème.",
        "es": "Ningún elogio sobre este tema.",
    },
    "no_sure_praise": {
        "en": "No praise quoted: the model is not sure enough that these answers praise the theme.",
        "fr": "Aucun éloge cité\u00a0: le modèle n'est pas assez sûr que ces réponses saluent "
        "le thème.",
        "es": "Ningún elogio citado: el modelo no está lo bastante seguro de que estas "
        "respuestas elogien el tema.",
    },
    "no_request": {
        "en": "No request on this theme.",
        "fr": "Aucune demande sur ce thème.",
        "es": "Ninguna petición sobre este tema.",
    },
    "requests_other_themes": {
        "en": "No need of this theme: its requests and criticism were given needs of other themes.",
        "fr": "Aucun besoin propre à ce thème\u00a0: ses demandes et critiques relèvent de "
        "besoins d'autres thèmes.",
        "es": "Este tema no tiene necesidades propias: sus peticiones y críticas corresponden "
        "a necesidades de otros temas.",
    },
    "requests_without_needs": {
        "en": "Its requests and criticism are not grouped into needs; examples:",
        "fr": "Ses demandes et critiques ne sont pas regroupées en besoins\u00a0; exemples\u00a0:",
        "es": "Sus peticiones y críticas no están agrupadas en necesidades; ejemplos:",
    },
    "respondents_one": {
        "en": "{count} respondent",
        "fr": "{count} répondant",
        "es": "{count} encuestado",
    },
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
        "recurring when {count} or more respondents raise it, whatever words or language "
        "each used (as the file was tagged: --min-respondents, two by default). Each need "
        "lists the specific suggestions it gathers; largest first.",
        "fr": "Demandes et critiques regroupées en besoins, toutes langues confondues. Un "
        "besoin est récurrent quand {respondents} ou plus l'expriment, quels que soient "
        "leurs mots ou leur langue (selon l'étiquetage du fichier\u00a0: --min-respondents, deux "
        "par défaut). "
        "Chaque besoin liste les suggestions précises qu'il regroupe\u00a0; les plus partagés "
        "en tête.",
        "es": "Peticiones y críticas agrupadas en necesidades, sin distinción de idioma. Una "
        "necesidad es recurrente cuando {count} o más encuestados la plantean, sean cuales "
        "sean las palabras o el idioma de cada uno (según el etiquetado del archivo: "
        "--min-respondents, dos por defecto). Cada necesidad enumera las sugerencias concretas "
        "que reúne; las más compartidas, primero.",
    },
    "need": {"en": "Need", "fr": "Besoin", "es": "Necesidad"},
    "answers_col": {"en": "Answers", "fr": "Réponses", "es": "Respuestas"},
    "suggestions_col": {"en": "Suggestions", "fr": "Suggestions", "es": "Sugerencias"},
    "languages": {"en": "Languages", "fr": "Langues", "es": "Idiomas"},
    "themes_col": {"en": "Themes", "fr": "Thèmes", "es": "Temas"},
    "quotes": {"en": "Quotes", "fr": "Citations", "es": "Citas"},
    "quote": {"en": "Quote", "fr": "Citation", "es": "Cita"},
    "new_need": {
        "en": "new, not in the needs catalogue",
        "fr": "nouveau, absent du catalogue des besoins",
        "es": "nueva, fuera del catálogo de necesidades",
    },
    "more_suggestions_one": {
        "en": "… and {count} more suggestion",
        "fr": "… et {count} autre suggestion",
        "es": "… y {count} sugerencia más",
    },
    "more_suggestions_many": {
        "en": "… and {count} more suggestions",
        "fr": "… et {count} autres suggestions",
        "es": "… y {count} sugerencias más",
    },
    "no_recurring": {
        "en": "No need is recurring.",
        "fr": "Aucun besoin n'est récurrent.",
        "es": "Ninguna necesidad es recurrente.",
    },
    "unique": {
        "en": "Unique requests",
        "fr": "Demandes uniques",
        "es": "Peticiones únicas",
    },
    "unique_intro": {
        "en": "Asks whose need is not recurring, by theme: no other respondent raised it "
        "(or, in a file tagged with a higher --min-respondents, too few did; the workbook "
        "gives each need's respondents). Requests of several respondents on one topic of the "
        "codebook, each asking for something of their own, are gathered under that topic: "
        "the requests are unique, the topic is shared.",
        "fr": "Demandes dont le besoin n'est pas récurrent, par thème\u00a0: aucun autre "
        "répondant ne l'exprime (ou, dans un fichier étiqueté avec un --min-respondents plus "
        "élevé, trop peu l'expriment\u00a0; le classeur XLSX donne les répondants de chaque "
        "besoin). Les demandes de "
        "plusieurs répondants sur un même sujet de la grille de codage, chacun demandant quelque "
        "chose de différent, sont réunies sous ce sujet\u00a0: les demandes sont uniques, le sujet "
        "est partagé.",
        "es": "Peticiones cuya necesidad no es recurrente, por tema: ningún otro encuestado "
        "la plantea (o, en un archivo etiquetado con un --min-respondents mayor, no la "
        "plantean suficientes encuestados; el archivo XLSX indica los encuestados de cada "
        "necesidad). Las peticiones de varios encuestados sobre un mismo subtema del libro de "
        "códigos, cada uno con algo distinto, se reúnen bajo ese subtema: las peticiones son "
        "únicas, el subtema es compartido.",
    },
    "shared_subtopic": {
        "en": "— {respondents} respondents, each with a request of their own on this topic",
        "fr": "— {respondents} répondants, chacun avec sa propre demande sur ce sujet",
        "es": "— {respondents} encuestados, cada uno con su propia petición sobre este subtema",
    },
    "shared_subtopic_some_needs": {
        "en": "— {respondents} respondents on this topic",
        "fr": "— {respondents} répondants sur ce sujet",
        "es": "— {respondents} encuestados sobre este subtema",
    },
    "unique_need_shared": {
        "en": "one of {respondents} respondents asking for: {need}",
        "fr": "l'un des {respondents} répondants qui demandent\u00a0: {need}",
        "es": "uno de los {respondents} encuestados que piden: {need}",
    },
    "more_in_workbook_one": {
        "en": "… and {count} more on this theme in the XLSX workbook.",
        "fr": "… et {count} autre demande sur ce thème dans le classeur XLSX.",
        "es": "… y {count} petición más sobre este tema en el archivo XLSX.",
    },
    "more_in_workbook_many": {
        "en": "… and {count} more on this theme in the XLSX workbook.",
        "fr": "… et {count} autres demandes sur ce thème dans le classeur XLSX.",
        "es": "… y {count} peticiones más sobre este tema en el archivo XLSX.",
    },
    "no_unique": {
        "en": "No unique request.",
        "fr": "Aucune demande unique.",
        "es": "Ninguna petición única.",
    },
    "no_theme_short": {"en": "(no theme)", "fr": "(sans thème)", "es": "(sin tema)"},
    "needs_unavailable": {
        "en": "Needs are not available: the file has no need columns. classifier tag writes "
        "them, with a model that predicts stances; a file tagged from Python "
        "(ThemeClassifier.tag) gets them from find_needs (see README, Python API).",
        "fr": "Les besoins ne sont pas disponibles\u00a0: le fichier n'a pas de colonnes de "
        "besoins. classifier tag les écrit, avec un modèle qui prédit la tonalité\u00a0; un "
        "fichier étiqueté depuis Python (ThemeClassifier.tag) les obtient de find_needs (voir le "
        "README, section Python API).",
        "es": "Las necesidades no están disponibles: el archivo no tiene columnas de "
        "necesidades. classifier tag las escribe, con un modelo que predice la postura; un "
        "archivo etiquetado desde Python (ThemeClassifier.tag) las obtiene de find_needs (véase "
        "el README, sección Python API).",
    },
}
