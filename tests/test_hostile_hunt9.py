"""Hostile inputs found by hunt 9 (encodings, hand-edited tagged files, odd arguments and
the Python API): each test failed before its fix."""

from __future__ import annotations

import pytest

from classifier.errors import TableError
from classifier.io.tables import read_table

ROWS = "id,answer\n1,Plus de formations svp\n2,More training please\n"


# ------------------------------------------------------------- encodings
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_csv_without_a_byte_order_mark_is_named_with_the_encoding_to_give(tmp_path, codec):
    # Before, "it looks binary: a NUL byte at byte 2", with no word of --encoding, though
    # the file is Excel's "Unicode text" saved by a program that left out the mark.
    path = tmp_path / "export.csv"
    path.write_bytes(ROWS.encode(codec))
    with pytest.raises(TableError, match=f"UTF-16 without a byte-order mark.*--encoding {codec}"):
        read_table(path)
    assert read_table(path, encoding=codec)["answer"].tolist()[1] == "More training please"
