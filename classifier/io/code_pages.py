"""Which legacy code page a CSV export is in, told by the letters of French, Spanish and
English it decodes to.

Excel on Windows saves "CSV" in cp1252, an old Mac in mac_roman, a DOS program in
cp850. The three decode any byte (or nearly), so only the text tells them apart, and a
general detector weighs the wrong clues: it took a cp1252 export of the bundled sample
for mac_roman, reading `cívico` as `cÌvico` and `q_amélioration` as `q_amÈlioration`,
without a word. The answers here are French, Spanish and English: the right code page
is the one that decodes the file's bytes above 127 into their accented letters and
typographic signs (é, ñ, ¿, ’, «), the wrong ones into other letters and box drawing.
"""

from __future__ import annotations

# The characters above ASCII that French, Spanish and English answers are made of.
EXPECTED = frozenset("àâäçéèêëîïôöùûüÿœæñáíóúÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆÑÁÍÓÚ¿¡«»‘’“”–—…€°\u00a0")
# The legacy code pages of survey exports, the likeliest first (it wins a tie).
CODE_PAGES = ("cp1252", "mac_roman", "cp850")


def likely_code_pages(sample: bytes) -> list[str]:
    """The code pages of CODE_PAGES that decode `sample` into the most characters of
    EXPECTED, the likeliest first: one, or several when the sample is too short to tell
    them apart ('è' is 'ä' in another), or none when none decodes it into any (the text
    is in other languages)."""
    counts = {}
    for code_page in CODE_PAGES:
        try:
            text = sample.decode(code_page)
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
            continue
        counts[code_page] = sum(char in EXPECTED for char in text if ord(char) > 127)
    most = max(counts.values(), default=0)
    return [code_page for code_page, count in counts.items() if count == most > 0]
