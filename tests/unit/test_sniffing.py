"""Reading survey exports: encodings and delimiters are detected from the bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.io.tables import detect_encoding, sniff_delimiter

TEXT = "id;answer\n1;Très bien, merci\n2;Más talleres en español\n"


def test_utf8_and_bom():
    assert detect_encoding(TEXT.encode("utf-8"), Path("x.csv")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), Path("x.csv")) == "utf-8-sig"


def test_legacy_windows_encoding():
    assert detect_encoding(TEXT.encode("cp1252"), Path("x.csv")) == "cp1252"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter(delimiter):
    rows = ["id", "respondent", "answer"], ["1", "r1", "more webinars"], ["2", "r2", "ok"]
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    assert sniff_delimiter(text) == delimiter


def test_comma_inside_quotes_does_not_fool_the_sniffer():
    text = 'id;answer\n1;"Yes, more, please"\n2;"No; thanks"\n3;fine\n'
    assert sniff_delimiter(text) == ";"
