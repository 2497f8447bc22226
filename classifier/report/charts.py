"""The report's charts: horizontal bar charts drawn by matplotlib as inline SVG.

Text is drawn as paths (no font file needed by the page), the SVG has no date
and a fixed hash salt, and its ids are prefixed with the chart's name, so the
same data gives the same bytes and several charts can share one page.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .formats import format_tick
from .html import shorten

CHART_LABEL_CHARS = 60


# A bar whose end lies within this share of the axis of a fixed limit has its label inside.
INSIDE_SHARE = 0.15


def label_inside(value: float, limits: tuple[float | None, float | None], span: float) -> bool:
    """Whether a bar's value label goes inside the bar, at its end: when the bar reaches
    close to a fixed end of the axis (`limits`, as the net promoter score's -100 and
    +100), where a label outside would run over the axis' labels (a region at -100 over
    its own name) or off the chart. A bar that long has room for it."""
    low, high = limits
    if value < 0 and low is not None:
        return value - low < INSIDE_SHARE * span
    if value > 0 and high is not None:
        return high - value < INSIDE_SHARE * span
    return False


def bar_chart(
    labels: list[str],
    values: list[float],
    *,
    name: str,
    axis_label: str,
    value_text: Callable[[float], str],
    lang: str,
    limits: tuple[float | None, float | None] = (None, None),
    signed: bool = False,
    separators: Sequence[int] = (),
    meaning: Sequence[float] | None = None,
) -> str:
    """A horizontal bar chart as inline SVG (deterministic: fixed hash salt, no date).

    One bar per finite value, labelled with `value_text(value)`; `limits` fixes
    either end of the value axis, `signed` draws a zero line and colours bars by
    what their change means: green when it is good news, red when it is bad,
    grey when neutral. `meaning[i]` says whether a rise of bar i is good (+1),
    bad (-1) or neither (0); default: a rise is good. `separators` draws a
    dashed line before those bar positions.
    `name` makes the SVG's ids unique on the page.
    """
    pairs = [
        (label, value)
        for label, value in zip(labels, values, strict=True)
        if value is not None and math.isfinite(value)
    ]
    kept = [i for i, value in enumerate(values) if value is not None and math.isfinite(value)]
    labels = [shorten(label, CHART_LABEL_CHARS) for label, _ in pairs]
    values = [value for _, value in pairs]
    signs = [meaning[i] for i in kept] if meaning is not None else [1.0] * len(values)
    settings = {
        "svg.hashsalt": f"classifier-report-{name}",
        "svg.fonttype": "path",
        "text.parse_math": False,
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(8.5, 0.32 * len(values) + 0.9))
        axes = figure.subplots()
        positions = list(range(len(values)))
        if signed:
            colors = [
                "#2e7d4f" if v * s > 0 else "#c0392b" if v * s < 0 else "#8a94a6"
                for v, s in zip(values, signs, strict=True)
            ]
        else:
            colors = ["#2f5d8c"] * len(values)
        axes.barh(positions, values, color=colors, height=0.7)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(axis_label)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_tick(v, lang)))
        low, high = limits
        span_low = min([0.0, *values]) if low is None else low
        span_high = max([0.0, *values]) if high is None else high
        pad = 0.14 * ((span_high - span_low) or 1.0)
        axes.set_xlim(
            span_low - (pad if low is None and span_low < 0 else 0),
            span_high + (pad if high is None else 0),
        )
        if signed:
            axes.axvline(0, color="#5b6474", linewidth=0.8)
        for separator in separators:  # between groups of bars (e.g. language, region)
            axes.axhline(separator - 0.5, color="#b7bfcc", linewidth=0.8, linestyle=(0, (4, 3)))
        axes.grid(axis="x", color="#e3e7ee", linewidth=0.6)
        axes.set_axisbelow(True)
        for position, value in zip(positions, values, strict=True):
            inside = label_inside(value, limits, span_high - span_low)
            outward = (value >= 0) != inside  # the label's side of the bar's end
            axes.annotate(
                value_text(value),
                (value, position),
                xytext=(4 if outward else -4, 0),
                textcoords="offset points",
                ha="left" if outward else "right",
                va="center",
                fontsize=8,
                color="white" if inside else "#1d2330",
            )
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Glyph and clip ids are unique within one SVG: prefix them so that the page's are too.
    svg = re.sub(r'\bid="', f'id="chart-{name}-', svg)
    svg = svg.replace('href="#', f'href="#chart-{name}-').replace("url(#", f"url(#chart-{name}-")
    return svg
