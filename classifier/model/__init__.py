"""Stage 2, the model: themes and stance of every answer, and what is known about the model.

- `estimator`: `ThemeClassifier`, the scikit-learn estimator (fit, predict, analyze, tag);
- `prediction`: `Prediction`, the result for one answer;
- `tagging`: prediction columns added to a DataFrame;
- `parallel`: worker processes (`n_jobs`): chunks of 1,000 answers, the model once per worker;
- `card`: `ModelCard`, how a saved model was trained and scored;
- `persistence`: model files (save, load, the shipped default);
- `registry`: versions, comparison with the default, promotion and rollback;
- `thresholds`: per-theme decision thresholds chosen by F1;
- `evaluation`: the figures `classifier evaluate` prints;
- `explain`: which words pushed a theme's score.
"""

from ..lazy import lazy_exports

__all__ = ["Analysis", "Prediction", "ThemeClassifier"]

# Lazy, so that light modules of this stage (thresholds, card) load without scikit-learn;
# `classifier.model.ThemeClassifier` is also where models saved by 0.1.0 find the class.
__getattr__ = lazy_exports(
    __name__,
    {
        "Analysis": "classifier.model.estimator",
        "ThemeClassifier": "classifier.model.estimator",
        "Prediction": "classifier.model.prediction",
    },
)
