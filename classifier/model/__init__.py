"""Stage 2, the model: themes and stance of every answer, and what is known about the model.

- `estimator`: `ThemeClassifier`, the scikit-learn estimator (fit, predict, analyze, tag);
- `prediction`: `Prediction`, the result for one answer;
- `tagging`: prediction columns added to a DataFrame;
- `card`: `ModelCard`, how a saved model was trained and scored;
- `persistence`: model files (save, load, the shipped default);
- `registry`: versions, comparison with the default, promotion and rollback;
- `evaluation`: the figures `classifier evaluate` prints;
- `explain`: which words pushed a theme's score.
"""

from .estimator import Analysis, ThemeClassifier
from .prediction import Prediction

__all__ = ["Analysis", "Prediction", "ThemeClassifier"]
