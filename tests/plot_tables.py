"""Small tables in the shape of each module's output, for the figure tests."""

import numpy as np
import pandas as pd


def keyness_table(n_pos=5, n_neg=5):
    pos = [(f"over {i}", 50.0 - 5 * i) for i in range(n_pos)]
    neg = [(f"under {i}", -(40.0 - 5 * i)) for i in range(n_neg)]
    rows = pos + [("neutral", 0.0)] + neg
    table = pd.DataFrame(rows, columns=["term", "statistic"])
    table["target_count"] = 10
    table["reference_count"] = 5
    table["target_rate"] = 1.0
    table["reference_rate"] = 0.5
    table["p_value"] = 0.01
    table["log_ratio"] = np.sign(table["statistic"])
    return table.sort_values("statistic", ascending=False, ignore_index=True)


def heatmap_counts():
    rows = []
    values = {  # (group, phrase) -> count; rates are 10x counts
        ("USA", "red-line"): 3, ("USA", "win-win"): 1, ("USA", "never-used"): 0,
        ("Russia", "red-line"): 0, ("Russia", "win-win"): 6, ("Russia", "never-used"): 0,
        (None, "red-line"): 2, (None, "win-win"): 0, (None, "never-used"): 0,
    }
    labels = {"red-line": "red line", "win-win": "win-win", "never-used": "never used"}
    for (group, pid), count in values.items():
        rows.append({"counterpart": group, "phrase_id": pid, "label": labels[pid],
                     "category": "x", "count": count, "rate_per_10k": 10.0 * count,
                     "n_docs": int(count > 0)})
    return pd.DataFrame(rows)


def timeline_counts(groups=("USA", "Russia", "Japan"), years=(2021, 2022, 2023)):
    rows = []
    for gi, group in enumerate(groups):
        for yi, year in enumerate(years):
            for pi, pid in enumerate(["win-win", "red-line"]):
                count = (gi + 1) * (yi + 1) + pi
                rows.append({"year": year, "counterpart": group, "phrase_id": pid,
                             "label": pid.replace("-", " "), "category": "x", "count": count,
                             "rate_per_10k": count * 1.5, "n_docs": 1})
    return pd.DataFrame(rows)


def dispersion_hits():
    return pd.DataFrame({
        "doc_id": ["b", "b", "a", "c", "c", "a"],
        "seg_id": [0, 2, 1, 0, 3, 0],
        "phrase_id": ["core interests", "win-win", "core interests", "red line", "win-win",
                      "community with a shared future"],
        "category": ["red_lines", "cooperation", "red_lines", "red_lines", "cooperation",
                     "party_line"],
        "matched": ["x"] * 6,
        "start": [0, 10, 5, 0, 7, 3],
        "end": [5, 17, 10, 8, 14, 30],
        "variant": ["pattern"] * 6,
        "speaker": [None] * 6,
        "counterparts": ["USA"] * 6,
        "date": pd.to_datetime(["2022-05-01", "2022-05-01", "2021-03-02", "2023-01-09",
                                "2023-01-09", "2021-03-02"]),
    })


def fightin_table(n=400, seed=1):
    rng = np.random.default_rng(seed)
    total = rng.integers(1, 3000, n)
    target = rng.integers(0, total + 1)
    z = rng.normal(0, 2.5, n)
    z[:3] = [1.96, -1.96, 1.5]  # boundary cases
    return pd.DataFrame({"term": [f"term {i}" for i in range(n)], "target_count": target,
                         "reference_count": total - target, "statistic": z})


def collocation_table(n=8):
    table = pd.DataFrame({"term": [f"word {i}" for i in range(n)], "around": "USA",
                          "count": np.arange(n, 0, -1) + 2, "expected": 1.0,
                          "statistic": np.linspace(40, 2, n), "p_value": 0.001,
                          "p_adjusted": [0.001] * (n - 2) + [0.2, 0.3]})
    table.attrs.update(kind="counterpart", measure="g2", adjust="bh")
    return table


def documents_table():
    return pd.DataFrame({"year": [2021, 2021, 2022, 2023, 2023],
                         "primary_counterpart": ["USA", None, "RUS", "USA", "JPN"]})
