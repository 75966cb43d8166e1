"""The FastAPI peer for `bench serve-fastapi`: what a Python team would deploy to serve the telco churn model one row at a time.

Run as: OMP_NUM_THREADS=1 TELCO_CSV=telco_churn.csv python3 -m uvicorn fastapi_serve:app --app-dir peers \
            --workers 2 --http httptools --loop uvloop --host 127.0.0.1 --port PORT
Each worker trains its own copy at import (7,043 rows, about a second), seeded, so both answer alike.
POST /v1/models/churn/predict takes MLCycle's body, {"rows":[{column: value, ...}]}, and answers a label and a probability per row.
"""
import os
from typing import Any

import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OrdinalEncoder

TARGET = "churn"
POSITIVE = "Yes"


def train(path):
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    y = (frame.pop(TARGET) == POSITIVE).astype(int)
    # The same inputs MLCycle's spec gives its model: every column but the target, text columns and senior_citizen categorical.
    categorical = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])] + ["senior_citizen"]
    numeric = [c for c in frame.columns if c not in categorical]
    encode = ColumnTransformer(
        [("categorical", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), categorical)],
        remainder="passthrough",
        verbose_feature_names_out=False,
    )
    # The ColumnTransformer puts the categorical columns first, so the model is told their positions.
    model = HistGradientBoostingClassifier(categorical_features=list(range(len(categorical))), random_state=42)
    pipeline = Pipeline([("encode", encode), ("model", model)]).fit(frame, y)
    return pipeline, list(frame.columns), {c: frame[c].dtype for c in numeric}


PIPELINE, COLUMNS, NUMERIC = train(os.environ["TELCO_CSV"])
app = FastAPI()


class PredictRequest(BaseModel):
    rows: list[dict[str, Any]]


@app.post("/v1/models/churn/predict")
async def predict(request: PredictRequest):
    frame = pd.DataFrame(request.rows, columns=COLUMNS)
    # JSON numbers arrive as numbers; only a column of nulls (object dtype) needs converting, which keeps the common path cheap.
    for column in NUMERIC:
        if frame[column].dtype == object:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    probabilities = PIPELINE.predict_proba(frame)[:, 1]
    return {
        "predictions": [
            {"label": POSITIVE if p >= 0.5 else "No", "probability": float(p)} for p in probabilities
        ]
    }
