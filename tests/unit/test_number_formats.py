"""Numbers as a spreadsheet shows them under date and time number formats; the expected
texts are Excel's for the same cell. Percentages keep their stored value."""

from __future__ import annotations

import pytest

from classifier.io.number_formats import BUILTIN, parse, shown

NOON_2_MARCH_2026 = "46083.5"


@pytest.mark.parametrize(
    ("code", "stored", "expected"),
    [
        # Built-in formats (by id), 14 and 22 year first.
        (BUILTIN[14], "46083", "2026-03-02"),
        (BUILTIN[22], "46083.604224537", "2026-03-02 14:30"),
        (BUILTIN[15], "46083", "2-Mar-26"),
        (BUILTIN[17], "46083", "Mar-26"),
        (BUILTIN[18], NOON_2_MARCH_2026, "12:00 PM"),
        (BUILTIN[19], "46083", "12:00:00 AM"),
        (BUILTIN[21], "0.75", "18:00:00"),
        (BUILTIN[45], "0.00123", "01:46"),
        (BUILTIN[46], "1.5", "36:00:00"),
        (BUILTIN[47], "0.00123", "01:46.3"),
        # Custom formats of survey tools and staff.
        ("yyyy-mm-dd", "46083", "2026-03-02"),
        ("dd/mm/yyyy", "46083", "02/03/2026"),
        ("d.m.yy", "46083", "2.3.26"),
        ("m/d/yyyy h:mm:ss", "46083.604224537", "3/2/2026 14:30:05"),
        ("yyyy-mm-dd hh:mm:ss.000", "46083.6042245370", "2026-03-02 14:30:05.000"),
        ("dddd d mmmm yyyy", "46083", "Monday 2 March 2026"),
        ("ddd, mmm d", "46083", "Mon, Mar 2"),
        ("mmmmm", "46083", "M"),
        ('yyyy"年"m"月"d"日"', "46083", "2026年3月2日"),
        ("[$-409]m/d/yyyy h:mm AM/PM;@", "46083.75", "3/2/2026 6:00 PM"),
        ("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", "46083", "Monday, March 02, 2026"),
        ("hh\\hmm", "0.3854166666666667", "09h15"),
        ("h:mm a/p", "0.6", "2:24 p"),
        ("[mm]:ss", "0.0625", "90:00"),
        ("YYYY-MM-DD", "46083", "2026-03-02"),
        # Excel rounds the time to the second shown, then cuts what is not shown.
        ("h:mm", "0.3899", "9:21"),  # 9:21:27
        ("yyyy-mm-dd", "46083.99999999", "2026-03-03"),  # 23:59:59.999 is midnight
        ("h:mm AM/PM", "0.999999", "12:00 AM"),
        # 1 March 1900, the first day Excel numbers right; elapsed hours past a day.
        ("yyyy-mm-dd", "61", "1900-03-01"),
        ("[h]:mm", "2.5", "60:00"),
    ],
)
def test_a_number_is_shown_as_excel_shows_it(code, stored, expected):
    number_format = parse(code)
    assert number_format is not None
    assert shown(number_format, stored) == expected


def test_the_1904_date_system_counts_from_1904():
    number_format = parse("yyyy-mm-dd")
    assert number_format is not None
    assert shown(number_format, "0", date1904=True) == "1904-01-01"
    assert shown(number_format, "44621", date1904=True) == "2026-03-02"


@pytest.mark.parametrize(
    "code",
    [
        "General",
        "0.00",
        "#,##0",
        '"$"#,##0.00_);("$"#,##0.00)',
        "0.00E+00",
        "# ?/?",
        "@",
        "0%",  # percentages: the stored fraction reads right as it is
        "#,##0.0%",
        "[Red]0.0%;(0.0%)",
        "[>=1]yyyy-mm-dd;h:mm",  # a condition
        "[$-1060000]yyyy-mm-dd",  # another calendar
        "ge.m.d",  # a Japanese era
        "",
    ],
)
def test_formats_that_show_no_date_or_time_are_not_rendered(code):
    assert parse(code) is None


@pytest.mark.parametrize(
    ("code", "stored"),
    [
        ("yyyy-mm-dd", "-1"),  # Excel shows #####
        ("yyyy-mm-dd", "60"),  # 29 February 1900, a day that never was
        ("yyyy-mm-dd", "3000000"),  # after 9999
        ("yyyy-mm-dd", "abc"),
        ("h:mm", "nan"),
    ],
)
def test_values_a_format_cannot_show_are_left_as_stored(code, stored):
    number_format = parse(code)
    assert number_format is not None
    assert shown(number_format, stored) is None
