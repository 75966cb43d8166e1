"""Writes expert_predictions.csv: the retention team's rule of thumb for churn, one prediction per row of telco_churn.csv.

The rule (a month-to-month contract in the first year, or on fibre with electronic-check billing, is flagged as "Yes") stands
in for the system in place today; `evaluate.baseline` compares the model with it on the same test rows, matched by row order.
Run from this folder: python3 make_expert.py
"""
import csv

with open("telco_churn.csv", newline="") as source, open("expert_predictions.csv", "w", newline="") as target:
    writer = csv.writer(target)
    writer.writerow(["prediction"])
    for row in csv.DictReader(source):
        first_year = row["contract"] == "Month-to-month" and float(row["tenure"]) < 12
        fibre_echeck = row["internet_service"] == "Fiber optic" and row["payment_method"] == "Electronic check"
        writer.writerow(["Yes" if first_year or fibre_echeck else "No"])
