"""Files in and out: survey tables, labeled data, the tagged-file layout, safe writes.

- `files`: the output-path check and atomic writes every writer uses;
- `tables`: CSV / XLSX / JSONL read as text cells (encodings, delimiters), written back;
- `labeled`: training data, validated against the codebook, merged by id;
- `layout`: the names of the columns `classifier tag` writes and the readers find.
"""
