"""Hostile inputs, seventh hunt: another tool calling `tag_file` and `tag`, outputs that are
an input under another name, and codebook edits YAML reads as something else."""

from __future__ import annotations

import os
import shutil

from conftest import EXAMPLES, ROOT

SAMPLE = EXAMPLES / "consultation_sample.csv"
CODEBOOKS = ROOT / "classifier" / "codebooks"


def test_an_output_that_is_the_input_under_another_name_is_refused(cli, tmp_path):
    """The same file under another name (a hard link here; on macOS and Windows, whose file
    systems ignore case, `tag Export.csv -o export.csv`) was replaced by the tagged file."""
    export = tmp_path / "export.csv"
    shutil.copyfile(SAMPLE, export)
    alias = tmp_path / "Export.csv"
    os.link(export, alias)
    before = export.read_bytes()
    code, _, err = cli("tag", alias, "-o", export, "--text-column", "q_improve", "--jobs", "1")
    assert code == 2 and f"output {export} is an input file" in err
    assert export.read_bytes() == before and os.path.samefile(export, alias)
