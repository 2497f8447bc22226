"""Fixed texts of the report's sections about scores and change.

5. the net promoter score and the themes of detractors and promoters, 6. the
change since the previous consultation; each key maps a report language to its
text (see `i18n.text`).
"""

from __future__ import annotations

SCORE_TEXTS: dict[str, dict[str, str]] = {
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
    "small_base": {
        "en": "* Fewer than {count} scores: one respondent more or less moves the score by "
        "several points; read it as an indication, not a measure.",
        "fr": "* Moins de {count} notes\u00a0: un répondant de plus ou de moins déplace le "
        "score de plusieurs points\u00a0; à lire comme une indication, non comme une mesure.",
        "es": "* Menos de {count} puntuaciones: basta un encuestado más o menos para mover la "
        "puntuación varios puntos; debe leerse como una indicación, no como una medida.",
    },
    "small_base_answers": {
        "en": "* Fewer than {count} answers in this language in one of the two years: one "
        "answer more or less moves a share by several points; read its changes as an "
        "indication, not a measure.",
        "fr": "* Moins de {count} réponses dans cette langue l'une des deux années\u00a0: une "
        "réponse de plus ou de moins déplace une part de plusieurs points\u00a0; ses évolutions "
        "sont une indication, pas une mesure.",
        "es": "* Menos de {count} respuestas en este idioma en uno de los dos años: basta una "
        "respuesta más o menos para mover una proporción varios puntos; sus cambios deben "
        "leerse como una indicación, no como una medida.",
    },
    "small_base_all_answers": {
        "en": "* Fewer than {count} answers in one of the two years: one answer more or less "
        "moves a share by several points; read the changes as an indication, not a measure.",
        "fr": "* Moins de {count} réponses l'une des deux années\u00a0: une réponse de plus ou "
        "de moins déplace une part de plusieurs points\u00a0; les évolutions sont une "
        "indication, pas une mesure.",
        "es": "* Menos de {count} respuestas en uno de los dos años: basta una respuesta más o "
        "menos para mover una proporción varios puntos; los cambios deben leerse como una "
        "indicación, no como una medida.",
    },
    "nps_unavailable": {
        "en": "Recommendation scores are not available: no score column was given, or it "
        "holds no 0–10 score.",
        "fr": "Les notes de recommandation ne sont pas disponibles\u00a0: aucune colonne de note "
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
        "thème\u00a0; les thèmes les plus propres aux détracteurs d'abord.",
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
        "consultation, in percentage points. The last column is the change in its balance: "
        "the share of answers praising the theme minus the share asking about it (requests "
        "and criticism).",
        "fr": "Part des réponses mentionnant chaque thème\u00a0: celle de cette année moins "
        "celle de la consultation précédente, en points de pourcentage. La dernière colonne "
        "est l'évolution de son solde\u00a0: la part des réponses qui saluent le thème moins "
        "la part de celles qui formulent à son sujet une demande ou une critique.",
        "es": "Proporción de respuestas que mencionan cada tema: la de este año menos la de la "
        "consulta anterior, en puntos porcentuales. La última columna es el cambio de su "
        "saldo: la proporción de respuestas que elogian el tema menos la de las que plantean "
        "sobre él una petición o una crítica.",
    },
    "this_year": {"en": "This year", "fr": "Cette année", "es": "Este año"},
    "previous": {"en": "Previous", "fr": "Précédente", "es": "Anterior"},
    "change": {"en": "Change", "fr": "Évolution", "es": "Cambio"},
    "change_in": {
        "en": "Change: {language}",
        "fr": "Évolution\u00a0: {language}",
        "es": "Cambio: {language}",
    },
    "chart_theme_change": {
        "en": "Change in the share of answers mentioning each theme (percentage points); green: "
        "good news (members' praise of the theme grew against their requests and criticism "
        "about it, as shares of all answers), red: the opposite, grey: that balance unchanged",
        "fr": "Évolution de la part des réponses mentionnant chaque thème (en points de "
        "pourcentage)\u00a0; vert\u00a0: bonne nouvelle (les éloges du thème ont progressé "
        "par rapport aux demandes et critiques à son sujet, en part de l'ensemble des "
        "réponses), rouge\u00a0: l'inverse, gris\u00a0: solde inchangé",
        "es": "Cambio en la proporción de respuestas que mencionan cada tema (en puntos "
        "porcentuales); verde: buena noticia (los elogios del tema crecieron frente a las "
        "peticiones y críticas sobre él, en proporción del total de respuestas), rojo: lo "
        "contrario, gris: saldo sin cambios",
    },
    "balance_change": {
        "en": "Praise minus asks: change",
        "fr": "Éloges moins demandes\u00a0: évolution",
        "es": "Elogios menos peticiones: cambio",
    },
    "change_axis": {
        "en": "percentage points",
        "fr": "points de pourcentage",
        "es": "puntos porcentuales",
    },
    "nps_change": {
        "en": "Net promoter score: change",
        "fr": "Net Promoter Score\u00a0: évolution",
        "es": "Índice de recomendación neta: cambio",
    },
    "nps_change_unavailable": {
        "en": "The change in net promoter score is not available: one of the two files has no "
        "0–10 score.",
        "fr": "L'évolution du Net Promoter Score n'est pas disponible\u00a0: l'un des deux "
        "fichiers ne contient aucune note de 0 à 10.",
        "es": "El cambio del índice de recomendación neta no está disponible: uno de los dos "
        "archivos no contiene puntuaciones de 0 a 10.",
    },
    "need_change": {
        "en": "Needs since the previous consultation",
        "fr": "Besoins depuis la consultation précédente",
        "es": "Necesidades desde la consulta anterior",
    },
    "need_change_intro": {
        "en": "Respondents raising each need of the catalogue, this year and last, largest "
        "changes first. New needs outside the catalogue are not compared.",
        "fr": "Répondants exprimant chaque besoin du catalogue, cette année et la précédente, "
        "les plus fortes évolutions d'abord. Les besoins nouveaux, hors catalogue, ne sont "
        "pas comparés.",
        "es": "Encuestados que plantean cada necesidad del catálogo, este año y el anterior, "
        "primero los mayores cambios. Las necesidades nuevas, fuera del catálogo, no se "
        "comparan.",
    },
    "more_segments_in_workbook_one": {
        "en": "… and {count} more value of {column}, with fewer scored respondents, in the "
        "XLSX workbook.",
        "fr": "… et {count} autre valeur de {column}, avec moins de répondants ayant donné une "
        "note, dans le classeur XLSX.",
        "es": "… y {count} valor más de {column}, con menos encuestados con puntuación, en "
        "el archivo XLSX.",
    },
    "more_segments_in_workbook_many": {
        "en": "… and {count} more values of {column}, with fewer scored respondents, in the "
        "XLSX workbook.",
        "fr": "… et {count} autres valeurs de {column}, avec moins de répondants ayant donné "
        "une note, dans le classeur XLSX.",
        "es": "… y {count} valores más de {column}, con menos encuestados con puntuación, en "
        "el archivo XLSX.",
    },
    "more_needs_in_workbook_one": {
        "en": "… and {count} more need, with a smaller change, in the XLSX workbook.",
        "fr": "… et {count} autre besoin, à l'évolution moindre, dans le classeur XLSX.",
        "es": "… y {count} necesidad más, con un cambio menor, en el archivo XLSX.",
    },
    "more_needs_in_workbook_many": {
        "en": "… and {count} more needs, with smaller changes, in the XLSX workbook.",
        "fr": "… et {count} autres besoins, aux évolutions moindres, dans le classeur XLSX.",
        "es": "… y {count} necesidades más, con cambios menores, en el archivo XLSX.",
    },
    "more_needs_in_workbook_tied_one": {
        "en": "… and {count} more need, with a change as large or smaller (of equal changes, "
        "those with the most respondents this year are shown), in the XLSX workbook.",
        "fr": "… et {count} autre besoin, à l'évolution égale ou moindre (à évolution égale, "
        "ceux qui comptent le plus de répondants cette année sont affichés), dans le classeur "
        "XLSX.",
        "es": "… y {count} necesidad más, con un cambio igual o menor (a igual cambio, se "
        "muestran las de más encuestados este año), en el archivo XLSX.",
    },
    "more_needs_in_workbook_tied_many": {
        "en": "… and {count} more needs, with changes as large or smaller (of equal changes, "
        "those with the most respondents this year are shown), in the XLSX workbook.",
        "fr": "… et {count} autres besoins, aux évolutions égales ou moindres (à évolution "
        "égale, ceux qui comptent le plus de répondants cette année sont affichés), dans le "
        "classeur XLSX.",
        "es": "… y {count} necesidades más, con cambios iguales o menores (a igual cambio, se "
        "muestran las de más encuestados este año), en el archivo XLSX.",
    },
    "need_change_no_need_columns": {
        "en": "The change in needs is not available: one of the two files has no need "
        "columns (it was tagged by a version before needs); tag it again to compare needs.",
        "fr": "L'évolution des besoins n'est pas disponible\u00a0: l'un des deux fichiers n'a pas "
        "de colonnes de besoins (il a été étiqueté par une version antérieure aux besoins)\u00a0; "
        "étiquetez-le à nouveau pour comparer les besoins.",
        "es": "El cambio en las necesidades no está disponible: uno de los dos archivos no "
        "tiene columnas de necesidades (se etiquetó con una versión anterior a las "
        "necesidades); vuelva a etiquetarlo para comparar las necesidades.",
    },
    "need_change_dropped": {
        "en": "Not compared: needs of the previous consultation that the catalogue no longer "
        "has (renamed or removed since), with their respondents then: {needs}.",
        "fr": "Non comparés\u00a0: besoins de la consultation précédente que le catalogue n'a plus "
        "(renommés ou retirés depuis), avec leurs répondants d'alors\u00a0: {needs}.",
        "es": "No comparadas: necesidades de la consulta anterior que el catálogo ya no tiene "
        "(renombradas o retiradas desde entonces), con sus encuestados de entonces: {needs}.",
    },
    "need_change_replaced": {
        "en": "Needs renamed or merged in the catalogue since a file was tagged are counted "
        "under the need of today, with the respondents of their parts together (the ids "
        "they had before in brackets): {needs}.",
        "fr": "Les besoins renommés ou fusionnés dans le catalogue depuis l'étiquetage d'un "
        "fichier sont comptés sous le besoin d'aujourd'hui, avec les répondants de leurs "
        "parties ensemble (leurs identifiants d'avant entre parenthèses)\u00a0: {needs}.",
        "es": "Las necesidades renombradas o fusionadas en el catálogo desde que se etiquetó "
        "un archivo se cuentan bajo la necesidad de hoy, con los encuestados de sus partes "
        "juntos (sus identificadores de antes entre paréntesis): {needs}.",
    },
    "need_change_unavailable": {
        "en": "No need of the catalogue is raised in either file.",
        "fr": "Aucun besoin du catalogue n'apparaît dans l'un ou l'autre fichier.",
        "es": "Ninguna necesidad del catálogo aparece en ninguno de los dos archivos.",
    },
}
