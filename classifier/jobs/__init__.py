"""Jobs staff run on whole files: bulk tagging of survey exports and review sheets.

- `columns`: which input columns hold the answers, respondents, languages (given or guessed);
- `bulk`: `tag_file`, chunked tagging of CSV / XLSX / JSONL with needs over the whole file;
- `review`: the answers most worth a human look, as an editable sheet.
"""
