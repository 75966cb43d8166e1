"""scikit-learn peers for `bench models`: train.csv and test.csv (MLCycle's own split, written by the benchmark), defaults.

peers OUT_DIR TARGET TASK POSITIVE       -> fits HistGradientBoosting and LogisticRegression/Ridge on train.csv, scores
                                            test.csv, prints {"hgb": {"metric":..., "seconds":...}, "linear": {...}}
score OUT_DIR TARGET TASK POSITIVE SCORED.csv -> scores MLCycle's predictions (mlcycle predict output) with the same metric
Metrics: ROC-AUC (binary), macro F1 (multiclass), RMSE (regression), all from sklearn.metrics.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import f1_score, mean_squared_error, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler


def read(path, target):
    # Every non-numeric column is categorical, as both tools see it; dates are left out of the peers' features.
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    y = frame.pop(target)
    return frame, y


def columns(frame):
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    categorical = [c for c in frame.columns if c not in numeric and not looks_like_date(frame[c])]
    return numeric, categorical


def looks_like_date(series):
    sample = series.dropna().astype(str).head(20)
    return len(sample) > 0 and sample.str.match(r"^\d{4}-\d{2}-\d{2}").all()


def metric(task, y_true, positive, predicted=None, probability=None):
    if task == "binary":
        return float(roc_auc_score((y_true == positive).astype(int), probability))
    if task == "multiclass":
        return float(f1_score(y_true.astype(str), pd.Series(predicted).astype(str), average="macro"))
    return float(np.sqrt(mean_squared_error(y_true, predicted)))


def peers(out, target, task, positive):
    x_train, y_train = read(f"{out}/train.csv", target)
    x_test, y_test = read(f"{out}/test.csv", target)
    numeric, categorical = columns(x_train)
    linear_prep = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), categorical),
    ])
    tree_prep = ColumnTransformer([
        ("num", "passthrough", numeric),
        ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, encoded_missing_value=np.nan), categorical),
    ])
    mask = [False] * len(numeric) + [True] * len(categorical)
    if task == "regression":
        models = {"hgb": make_pipeline(tree_prep, HistGradientBoostingRegressor(categorical_features=mask, random_state=0)),
                  "linear": make_pipeline(linear_prep, Ridge())}
    else:
        models = {"hgb": make_pipeline(tree_prep, HistGradientBoostingClassifier(categorical_features=mask, random_state=0)),
                  "linear": make_pipeline(linear_prep, LogisticRegression(max_iter=1000))}
    result = {}
    for name, model in models.items():
        start = time.perf_counter()
        model.fit(x_train, y_train)
        if task == "binary":
            classes = list(model.classes_)
            probability = model.predict_proba(x_test)[:, classes.index(positive)]
            value = metric(task, y_test, positive, probability=probability)
        else:
            value = metric(task, y_test, positive, predicted=model.predict(x_test))
        result[name] = {"metric": value, "seconds": time.perf_counter() - start}
    print(json.dumps(result))


def score(out, target, task, positive, scored):
    _, y_test = read(f"{out}/test.csv", target)
    frame = pd.read_csv(scored, keep_default_na=False, na_values=[""])
    if len(frame) != len(y_test):
        raise SystemExit(f"{scored} has {len(frame)} rows, test.csv {len(y_test)}")
    if frame["error"].notna().any():
        raise SystemExit(f"{scored}: {frame['error'].notna().sum()} rows were not scored: {frame['error'].dropna().iloc[0]}")
    if task == "binary":
        value = metric(task, y_test, positive, probability=frame[f"probability_{positive}"].to_numpy())
    else:
        value = metric(task, y_test, positive, predicted=frame["prediction"].to_numpy())
    print(json.dumps({"metric": value}))


if __name__ == "__main__":
    verb, args = sys.argv[1], sys.argv[2:]
    {"peers": peers, "score": score}[verb](*args)
