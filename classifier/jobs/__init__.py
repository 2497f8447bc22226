"""Jobs staff run on whole files: bulk tagging of survey exports and review sheets.

- `columns`: which input columns hold the answers, respondents, languages (given or guessed);
- `source`: the input file read in chunks (`iter_chunks`, `ChunkedSource`);
- `prepass`: what the whole file tells each chunk (language contexts, stance mixes, JSONL
  keys), gathered in one read before tagging;
- `bulk`: `tag_file`, chunked tagging of CSV / XLSX / JSONL with needs over the whole file,
  on worker processes (`n_jobs`);
- `distributed`: `tag_file_on_cluster`, the same with the chunks tagged on a Dask cluster;
- `review`: the answers most worth a human look, as an editable sheet.
"""
