#!/usr/bin/python3
"""Writes curves_reference.json: scikit-learn's plot curves and DeLong's paired ROC-AUC test for seeded cases, and the
one-vs-rest curves of multiclass cases (label_binarize, then roc_curve and precision_recall_curve per class and micro-averaged).

Run with Debian's scikit-learn: /usr/bin/python3 make_curves_reference.py  (python3-sklearn 1.2.x, scipy).
DeLong follows DeLong, DeLong & Clarke-Pearson (1988) with the midrank algorithm of Sun & Xu (2014); the AUCs it
starts from are checked against sklearn's roc_auc_score.
"""
import json

import numpy as np
import sklearn
from scipy import stats
from sklearn import metrics as m
from sklearn.calibration import calibration_curve
from sklearn.preprocessing import label_binarize

rng = np.random.default_rng(20261205)


def midrank(x):
    order = np.argsort(x, kind="mergesort")
    z = x[order]
    n = len(x)
    t = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and z[j] == z[i]:
            j += 1
        t[i:j] = 0.5 * (i + j - 1) + 1
        i = j
    out = np.empty(n)
    out[order] = t
    return out


def delong(y, a, b):
    pos, neg = y == 1, y == 0
    m_, n_ = pos.sum(), neg.sum()
    aucs, v10s, v01s = [], [], []
    for s in (a, b):
        tx, ty, tz = midrank(s[pos]), midrank(s[neg]), midrank(np.concatenate([s[pos], s[neg]]))
        auc = tz[:m_].sum() / m_ / n_ - (m_ + 1.0) / 2.0 / n_
        aucs.append(auc)
        v10s.append((tz[:m_] - tx) / n_)
        v01s.append(1.0 - (tz[m_:] - ty) / m_)
    sx, sy = np.cov(np.vstack(v10s)), np.cov(np.vstack(v01s))
    cov = sx / m_ + sy / n_
    diff = aucs[0] - aucs[1]
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    se = float(np.sqrt(var))
    z = diff / se
    p = 2 * stats.norm.sf(abs(z))
    assert abs(aucs[0] - m.roc_auc_score(y, a)) < 1e-12 and abs(aucs[1] - m.roc_auc_score(y, b)) < 1e-12
    return {"auc_a": aucs[0], "auc_b": aucs[1], "difference": diff, "se": se, "z": z, "p": p,
            "lower": diff - stats.norm.ppf(0.975) * se, "upper": diff + stats.norm.ppf(0.975) * se}


def case(name, y, a, b):
    fpr, tpr, _ = m.roc_curve(y, a, drop_intermediate=False)
    precision, recall, _ = m.precision_recall_curve(y, a)
    prob_true, prob_pred = calibration_curve(y, a, n_bins=10, strategy="uniform")
    return {"name": name, "actual": y.tolist(), "score": a.tolist(), "other": b.tolist(),
            "roc": [[float(f), float(t)] for f, t in zip(fpr, tpr)],
            "precision_recall": [[float(r), float(p)] for r, p in zip(recall, precision)],
            "calibration": [[float(p), float(t)] for p, t in zip(prob_pred, prob_true)],
            "delong": delong(y, a, b)}


cases = []
y = rng.integers(0, 2, 80)
a = np.clip(0.35 * y + rng.uniform(0, 0.65, 80), 0, 1).round(3)
b = np.clip(0.25 * y + rng.uniform(0, 0.75, 80), 0, 1).round(3)
cases.append(case("random 80 rows", y, a, b))
# Scores rounded to one decimal: many ties, and values on the calibration bin edges.
y = rng.integers(0, 2, 60)
a = np.clip(0.3 * y + rng.uniform(0, 0.7, 60), 0, 1).round(1)
b = np.clip(0.3 * y + rng.uniform(0, 0.7, 60), 0, 1).round(1)
cases.append(case("ties on bin edges", y, a, b))



def multiclass_case(name, y, p, classes):
    big_y = label_binarize(y, classes=list(range(len(classes))))
    per_class = []
    for k, c in enumerate(classes):
        fpr, tpr, _ = m.roc_curve(big_y[:, k], p[:, k], drop_intermediate=False)
        precision, recall, _ = m.precision_recall_curve(big_y[:, k], p[:, k])
        per_class.append({"class": c, "roc": [[float(f), float(t)] for f, t in zip(fpr, tpr)],
                          "precision_recall": [[float(r), float(q)] for r, q in zip(recall, precision)],
                          "roc_auc": float(m.roc_auc_score(big_y[:, k], p[:, k])),
                          "average_precision": float(m.average_precision_score(big_y[:, k], p[:, k]))})
    micro_fpr, micro_tpr, _ = m.roc_curve(big_y.ravel(), p.ravel(), drop_intermediate=False)
    return {"name": name, "classes": classes, "actual": y.tolist(), "probabilities": p.tolist(), "per_class": per_class,
            "micro_roc": [[float(f), float(t)] for f, t in zip(micro_fpr, micro_tpr)],
            "micro_roc_auc": float(m.roc_auc_score(big_y, p, average="micro")),
            "macro_roc_auc": float(m.roc_auc_score(y, p, multi_class="ovr", average="macro"))}


def probabilities(y, k, rows, decimals):
    raw = rng.uniform(0, 1, (rows, k)) + 1.2 * np.eye(k)[y] * rng.uniform(0, 1, (rows, 1))
    p = (raw / raw.sum(axis=1, keepdims=True)).round(decimals)
    p[:, -1] = 1 - p[:, :-1].sum(axis=1)  # rows still sum to one after rounding
    return p


multiclass = []
y = rng.integers(0, 3, 90)
multiclass.append(multiclass_case("three classes 90 rows", y, probabilities(y, 3, 90, 3), ["setosa", "versicolor", "virginica"]))
# Probabilities rounded to one decimal: many ties within and across classes.
y = rng.integers(0, 4, 70)
multiclass.append(multiclass_case("four classes with ties", y, probabilities(y, 4, 70, 1), ["a", "b", "c", "d"]))

with open("curves_reference.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases, "multiclass": multiclass}, f, indent=1)
    f.write("\n")
