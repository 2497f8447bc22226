"""The report's sections, one module each, in page order.

Each section is a plain function of the `ReportContext` returning a `Section`
(its tables and its HTML body); none depends on another having run, so any
one can be called alone. Module: function (tables it yields).

- `overview`: `overview` (overview), 1. respondents and answers by language;
- `themes`: `theme_frequency` (themes), 2. themes by frequency, with a chart;
- `by_theme`: `by_theme` (theme_details), 3. praise and requests, a card per theme;
- `needs`: `recurring_needs` (recurring_needs, need_suggestions, unique_requests), 4. needs;
- `nps`: `net_promoter_score` (nps, nps_themes), 5. net promoter score by group
  and the themes of detractors versus promoters;
- `comparison`: `comparison` (theme_change, nps_change), 6. change since the
  previous consultation, only when a previous file is given.

The order of the page is `build.SECTIONS`, then the comparison.
"""
