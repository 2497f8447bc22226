"""Stage 1, the text: language of each answer, normalization, sentence embeddings.

- `language`: fr / en / es / und, with survey context (declared language, respondent);
- `normalize`: cleaning, masks, lemmas from spaCy blank pipelines;
- `embeddings`: the `Embedder` interface and the bundled multilingual encoder.
"""
