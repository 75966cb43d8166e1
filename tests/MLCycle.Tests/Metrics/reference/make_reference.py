#!/usr/bin/python3
"""Writes sklearn_reference.json: metric cases (seeded random ones and named edge cases) with scikit-learn's values.

Run with Debian's scikit-learn: /usr/bin/python3 make_reference.py  (python3-sklearn, 1.2.x).
A metric scikit-learn refuses (raises) or leaves undefined (NaN) is listed under "absent" with the reason.
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as m

warnings.simplefilter("ignore")
rng = np.random.default_rng(20261205)


def value(fn):
    try:
        v = float(fn())
    except ValueError as e:
        return None, str(e)
    if math.isnan(v):
        return None, "undefined (NaN in scikit-learn)"
    return v, None


def finish(case, calls):
    expected, absent = {}, {}
    for key, fn in calls.items():
        v, why = value(fn)
        if why is None:
            expected[key] = v
        else:
            absent[key] = why
    case["expected"] = expected
    case["absent"] = absent
    return case


def label_metrics(y, yp, classes, w):
    calls = {
        "accuracy": lambda: m.accuracy_score(y, yp, sample_weight=w),
        "balanced_accuracy": lambda: m.balanced_accuracy_score(y, yp, sample_weight=w),
        "mcc": lambda: m.matthews_corrcoef(y, yp, sample_weight=w),
    }
    for avg in ("macro", "weighted"):
        def prf(i, avg=avg):
            return lambda: m.precision_recall_fscore_support(
                y, yp, labels=classes, average=avg, sample_weight=w, zero_division="warn")[i]
        calls["precision_" + avg] = prf(0)
        calls["recall_" + avg] = prf(1)
        calls["f1_" + avg] = prf(2)
    return calls


def binary(name, classes, y, yp, p_pos, w=None):
    classes = sorted(classes)
    pos = classes[1]
    y, yp, p_pos = list(y), list(yp), [float(v) for v in p_pos]
    w = None if w is None else [float(v) for v in w]
    proba = [[1 - p, p] for p in p_pos]
    yb = [int(v == pos) for v in y]
    calls = label_metrics(y, yp, classes, w)
    calls.update({
        "precision": lambda: m.precision_score(y, yp, pos_label=pos, sample_weight=w, zero_division="warn"),
        "recall": lambda: m.recall_score(y, yp, pos_label=pos, sample_weight=w, zero_division="warn"),
        "f1": lambda: m.f1_score(y, yp, pos_label=pos, sample_weight=w, zero_division="warn"),
        "roc_auc": lambda: m.roc_auc_score(yb, p_pos, sample_weight=w),
        "pr_auc": lambda: m.average_precision_score(yb, p_pos, sample_weight=w),
        "log_loss": lambda: m.log_loss(y, proba, labels=classes, sample_weight=w),
        "brier": lambda: m.brier_score_loss(yb, p_pos, sample_weight=w),
    })
    case = {"name": name, "task": "binary", "classes": classes, "positive": pos, "actual": y, "predicted": yp,
            "probabilities": proba, "weights": w}
    return finish(case, calls)


def multiclass(name, classes, y, yp, proba, w=None):
    classes = sorted(classes)
    y, yp = list(y), list(yp)
    proba = [[float(v) for v in row] for row in proba]
    w = None if w is None else [float(v) for v in w]
    calls = label_metrics(y, yp, classes, w)
    calls.update({
        "log_loss": lambda: m.log_loss(y, proba, labels=classes, sample_weight=w),
        "roc_auc_ovr_macro": lambda: m.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=classes, sample_weight=w),
        "roc_auc_ovr_weighted": lambda: m.roc_auc_score(y, proba, multi_class="ovr", average="weighted", labels=classes, sample_weight=w),
    })
    case = {"name": name, "task": "multiclass", "classes": classes, "positive": None, "actual": y, "predicted": yp,
            "probabilities": proba, "weights": w}
    return finish(case, calls)


def regression(name, y, yp, w=None):
    y, yp = [float(v) for v in y], [float(v) for v in yp]
    w = None if w is None else [float(v) for v in w]
    calls = {
        "mse": lambda: m.mean_squared_error(y, yp, sample_weight=w),
        "rmse": lambda: m.mean_squared_error(y, yp, sample_weight=w, squared=False),
        "mae": lambda: m.mean_absolute_error(y, yp, sample_weight=w),
        "r2": lambda: m.r2_score(y, yp, sample_weight=w),
        "mape": lambda: m.mean_absolute_percentage_error(y, yp, sample_weight=w),
        "median_ae": lambda: m.median_absolute_error(y, yp, sample_weight=w),
        "explained_variance": lambda: m.explained_variance_score(y, yp, sample_weight=w),
    }
    case = {"name": name, "task": "regression", "classes": [], "positive": None, "actual": y, "predicted": yp,
            "probabilities": None, "weights": w}
    return finish(case, calls)


def random_binary(name, n, weighted=False, rounding=None):
    signal = rng.normal(size=n)
    y = np.where(signal + rng.normal(scale=1.0, size=n) > 0.3, "Yes", "No")
    p = 1 / (1 + np.exp(-2 * signal))
    if rounding is not None:
        p = np.round(p, rounding)
    yp = np.where(p > 0.5, "Yes", "No")
    w = rng.uniform(0.1, 3.0, size=n) if weighted else None
    return binary(name, ["No", "Yes"], y, yp, p, w)


def random_multiclass(name, n, k, weighted=False, rounding=None):
    classes = [f"c{i}" for i in range(k)]
    y_idx = rng.integers(0, k, size=n)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y_idx] += 1.5
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    if rounding is not None:
        # Rounded scores tie often; dividing by the row sum keeps them probabilities (sklearn's OvR AUC requires it).
        proba = np.round(proba, rounding) + 0.1
        proba = proba / proba.sum(axis=1, keepdims=True)
    y = [classes[i] for i in y_idx]
    yp = [classes[i] for i in proba.argmax(axis=1)]
    w = rng.uniform(0.1, 3.0, size=n) if weighted else None
    return multiclass(name, classes, y, yp, proba, w)


def random_regression(name, n, weighted=False):
    x = rng.normal(size=n)
    y = 10 + 3 * x + rng.normal(size=n)
    yp = 10 + 2.8 * x + rng.normal(scale=0.5, size=n)
    w = rng.uniform(0.1, 3.0, size=n) if weighted else None
    return regression(name, y, yp, w)


cases = [
    random_binary("binary random 200", 200),
    random_binary("binary random 57 weighted", 57, weighted=True),
    random_binary("binary ties (scores rounded to 0.1)", 120, rounding=1),
    random_binary("binary ties weighted", 80, weighted=True, rounding=1),
    binary("binary all scores tied", ["n", "p"], ["p", "n", "n", "p", "n"], ["n"] * 5, [0.3] * 5),
    binary("binary one class present", ["No", "Yes"], ["Yes"] * 4, ["Yes", "No", "Yes", "Yes"], [0.9, 0.2, 0.6, 0.7]),
    binary("binary only negatives present", ["No", "Yes"], ["No"] * 3, ["No", "Yes", "No"], [0.1, 0.8, 0.3]),
    binary("binary positive never predicted", ["No", "Yes"], ["Yes", "No", "No", "Yes", "No"], ["No"] * 5, [0.4, 0.1, 0.2, 0.45, 0.3]),
    binary("binary single row", ["No", "Yes"], ["Yes"], ["Yes"], [0.8]),
    binary("binary certain probabilities (log loss clip)", ["No", "Yes"], ["Yes", "No", "Yes", "No"], ["Yes", "Yes", "No", "No"], [1.0, 1.0, 0.0, 0.0]),
    binary("binary weights with zeros", ["No", "Yes"], ["Yes", "No", "Yes", "No", "Yes", "No"], ["Yes", "No", "No", "No", "Yes", "Yes"],
           [0.9, 0.2, 0.4, 0.4, 0.7, 0.6], [1, 0, 2, 0.5, 0, 3]),
    binary("binary labels disagree with probabilities", ["bad", "good"], ["good", "bad", "good", "bad"], ["bad", "good", "good", "bad"],
           [0.3, 0.9, 0.6, 0.1]),
    random_multiclass("multiclass random 3 classes", 150, 3),
    random_multiclass("multiclass random 5 classes weighted", 90, 5, weighted=True),
    random_multiclass("multiclass ties", 100, 4, rounding=1),
    multiclass("multiclass class absent from actual (in labels)", ["a", "b", "c"], ["a", "b", "a", "b"], ["a", "b", "c", "b"],
               [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3]]),
    multiclass("multiclass class never predicted", ["a", "b", "c"], ["a", "b", "c", "c", "a"], ["a", "b", "a", "b", "a"],
               [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.5, 0.25, 0.25]]),
    multiclass("multiclass single row", ["a", "b", "c"], ["b"], ["b"], [[0.2, 0.7, 0.1]]),
    multiclass("multiclass weights with zeros", ["a", "b", "c"], ["a", "b", "c", "a", "b", "c"], ["a", "c", "c", "b", "b", "a"],
               [[0.5, 0.2, 0.3], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3], [0.2, 0.6, 0.2], [0.6, 0.1, 0.3]],
               [1, 2, 0, 1.5, 0.5, 1]),
    multiclass("multiclass probabilities not summing to one", ["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"],
               [[0.5, 0.2, 0.0], [0.2, 0.6, 0.1], [0.1, 0.1, 0.4]]),
    random_regression("regression random 300", 300),
    random_regression("regression random 41 weighted", 41, weighted=True),
    regression("regression constant target, perfect", [5, 5, 5], [5, 5, 5]),
    regression("regression constant target, imperfect", [5, 5, 5, 5], [4, 6, 5, 5.5]),
    regression("regression single row", [3.0], [2.5]),
    regression("regression zero target (mape epsilon)", [0, 1, 2, -1], [0.5, 1, 1.5, -2]),
    regression("regression ties in errors", [1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7]),
    regression("regression weights with zeros", [1, 2, 3, 4, 10], [1.5, 2, 2, 5, 4], [1, 0, 2, 1, 0]),
    regression("regression weighted median on a boundary", [1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 1, 1]),
]

out = {
    "generator": "make_reference.py",
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "cases": cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_reference.json")
# One case per line: a changed case shows as one changed line in a diff.
with open(path, "w") as f:
    header = {k: v for k, v in out.items() if k != "cases"}
    f.write(json.dumps(header)[:-1] + ', "cases": [\n')
    f.write(",\n".join(json.dumps(c) for c in cases))
    f.write("\n]}\n")
print(f"wrote {len(cases)} cases to {path}")
