"""The walkthrough notebook runs end to end (so it never rots) and shows what it promises."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


def output_text(cell) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed():
    """The notebook executed in a fresh python3 kernel, from the notebooks/ folder.

    In a virtual environment, jupyter_core (>= 5) prefers the environment's `python3` kernel
    spec (installed by ipykernel), and jupyter_client starts it with this interpreter.
    """
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return {cell.id: cell for cell in nb.cells}


def test_notebook_is_saved_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.id


def test_notebook_runs_without_errors(executed):
    for cell in executed.values():
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.id
            assert cell.execution_count is not None, cell.id


def test_themes_by_language_and_chart(executed):
    shares = output_text(executed["themes"])
    for language in ("fr", "en", "es"):
        assert language in shares
    assert any("image/png" in o.get("data", {}) for o in executed["chart"].outputs)


def test_needs_are_counted(executed):
    assert "catalogue" in output_text(executed["needs"])
    counts = output_text(executed["needs-count"])
    recurring = int(re.search(r"recurring needs: (\d+)", counts).group(1))
    unique = int(re.search(r"unique requests: (\d+)", counts).group(1))
    total = int(re.search(r"total needs: (\d+)", counts).group(1))
    assert total > 0 and recurring > 0 and recurring + unique == total


def test_nps_by_hand_matches_report(executed):
    text = output_text(executed["nps-report"])
    assert "NPS agree: True" in text
    rows = dict(re.findall(r"^(overall|fr|en|es)\s+(\S+\s+\S+)$", text, re.MULTILINE))
    assert set(rows) == {"overall", "fr", "en", "es"}
    for pair in rows.values():
        by_hand, report = pair.split()
        assert by_hand == report


def test_explanations_are_printed(executed):
    text = output_text(executed["explain"])
    assert text.count("text: ") == 3
    assert "language: es" in text and "language: fr" in text and "language: en" in text
