"""The HTML of the report: escaping, paragraphs, tables, quotes, figures and the page.

The page is self-contained: the style sheet is inline, charts are inline SVG
(see `charts`), and there is no script, font file or link to fetch. Every
value from the data goes through `h` (HTML escaping); the fixed texts of
`i18n` are inserted as they are.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterable, Mapping, Sequence

from ..vocab import ALL_LANGUAGES, LANGUAGES
from .i18n import text

QUOTE_CHARS = 400

CSS = """
:root{--fg:#1d2330;--muted:#5b6474;--line:#d9dee7;--accent:#2f5d8c;--soft:#f2f5f9}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 28px 56px}
h1{font-size:1.8em;margin:.2em 0 .3em;color:var(--accent)}
h2{font-size:1.35em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--accent)}
h3{font-size:1.12em;margin:1.4em 0 .3em}
h4{font-size:.95em;margin:.6em 0 .2em;color:var(--muted)}
.intro,.muted{color:var(--muted)}
nav ol{columns:2;margin:.3em 0}
table{border-collapse:collapse;width:100%;margin:.6em 0 1.2em;font-size:.93em}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);border-bottom:2px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.num{white-space:normal}
tbody tr:nth-child(even){background:#fafbfd}
tr.total td{font-weight:600;border-top:2px solid var(--line)}
tr.sub th{background:#e9eef5}
figure{margin:1em 0 1.4em}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.9em;margin-top:.3em}
.theme-card{border:1px solid var(--line);border-radius:6px;padding:6px 16px 10px;margin:12px 0;
break-inside:avoid}
.theme-card h3{margin:.5em 0 .2em}
.counts{margin:.2em 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:20px}
@media (max-width:720px){.grid{grid-template-columns:1fr}nav ol{columns:1}}
ul.quotes,ul.needs{margin:.2em 0;padding-left:1.2em}
ul.needs>li{margin-bottom:.5em}
ul.needs ul.quotes{padding-left:0;list-style:none}
.count{font-weight:600;display:block}
.lang{display:inline-block;font-size:.72em;font-weight:600;color:var(--muted);
border:1px solid var(--line);border-radius:3px;padding:0 4px;margin-right:6px;vertical-align:1px}
code{font-size:.8em;color:var(--muted);display:inline-block}
@media print{main{max-width:none;padding:0}nav{display:none}}
"""


def h(value: object) -> str:
    """`value` as text escaped for HTML (quotes included, for attributes)."""
    return html_lib.escape(str(value), quote=True)


def p(content: str, css_class: str = "") -> str:
    """A paragraph of HTML `content`, with an optional CSS class."""
    return f'<p class="{css_class}">{content}</p>' if css_class else f"<p>{content}</p>"


def shorten(value: str, limit: int = QUOTE_CHARS) -> str:
    """`value` on one line, cut at a word before `limit` characters and ended with '…'."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def quote(value: str, language: str, question: str = "") -> str:
    """An answer as a quotation, marked with its language and, when given, followed by the
    question it answers (a report on several questions names it: the same words answer
    "what do we do well?" and "what should we improve?" otherwise). `dir="auto"`: a quote
    in a right-to-left script (an Arabic answer in an English survey) is laid out from its
    own first strong letter, isolated from the page's text around it."""
    attribute = f' lang="{language}"' if language in LANGUAGES else ""
    source = f' <span class="muted">· {h(question)}</span>' if question else ""
    return (
        f'<span class="lang">{language.upper()}</span>'
        f'<q dir="auto"{attribute}>{h(shorten(value))}</q>{source}'
    )


def quote_list(quotes: Mapping[str, str], questions: Mapping[str, str] | None = None) -> str:
    """One quotation per language (language code -> answer), in the languages' order, each
    followed by its question in `questions` (language code -> question) when there."""
    named = questions or {}
    items = "".join(
        f"<li>{quote(quotes[lang], lang, named.get(lang, ''))}</li>"
        for lang in ALL_LANGUAGES
        if lang in quotes
    )
    return f'<ul class="quotes">{items}</ul>'


Row = tuple[list[str], str] | str


def table(headers: Sequence[tuple[str, bool]], rows: Iterable[Row]) -> str:
    """An HTML table; `headers` holds (label, is numeric) pairs and `rows` holds
    (cells, row class) pairs or a heading string (a sub-heading row across the table)."""
    numeric = [' class="num"' if is_number else "" for _, is_number in headers]
    head = "".join(
        f'<th scope="col"{numeric[i]}>{label}</th>' for i, (label, _) in enumerate(headers)
    )
    body = []
    for row in rows:
        if isinstance(row, str):
            body.append(
                f'<tr class="sub"><th colspan="{len(headers)}" scope="rowgroup">{row}</th></tr>'
            )
            continue
        cells, css_class = row
        tds = "".join(f"<td{numeric[i]}>{cell}</td>" for i, cell in enumerate(cells))
        body.append(f'<tr class="{css_class}">{tds}</tr>' if css_class else f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure(svg: str, caption: str) -> str:
    """A chart with its caption, which also labels the image for screen readers."""
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{h(caption)}" ', 1)
    return f"<figure>{svg}<figcaption>{h(caption)}</figcaption></figure>"


def page(
    *,
    title: str,
    lang: str,
    questions: Sequence[str],
    sections: Sequence[tuple[str, str, str]],
) -> str:
    """The whole page: header, contents and `sections` as (anchor, heading, body HTML)."""
    names = ", ".join(f"<q>{h(q)}</q>" for q in questions)
    toc = "".join(f'<li><a href="#{anchor}">{heading}</a></li>' for anchor, heading, _ in sections)
    parts = "".join(
        f'<section id="{anchor}"><h2>{heading}</h2>{body}</section>'
        for anchor, heading, body in sections
    )
    contents = text("contents", lang)
    analysed = text("label_value", lang, label=text("questions", lang), value=names)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<header><h1>{h(title)}</h1>"
        f'<p class="muted">{analysed}</p>'
        f'<p class="muted">{text("disclaimer", lang)}</p></header>\n'
        f'<nav aria-label="{contents}"><h2>{contents}</h2>'
        f"<ol>{toc}</ol></nav>\n{parts}\n</main>\n</body>\n</html>\n"
    )
