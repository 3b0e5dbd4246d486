"""bench/nab's AutoETS side of the forecast check: statsforecast's AutoETS on the exact split the Swift bench
wrote (history and held-out day per NAB traffic / AWS series), forecasts written back for the bench to score
with the same MASE and sMAPE code as ours and seasonal naive.

statsforecast's ETS supports seasonal periods up to 24 only (its ETS forecast routine returns early for m > 24),
so with season_length=288 the automatic selection can only choose among non-seasonal models. By default the
search is restricted to those (model="ZZN"), which selects the same model without fitting the seasonal
candidates (about 25x faster); --unrestricted runs plain AutoETS(season_length=288) to check that.

Usage: autoets.py SPLIT.json OUT.json [--unrestricted]
"""

import json
import sys
import time
import warnings
from importlib.metadata import version

import numpy as np
from statsforecast.models import AutoETS


def main() -> None:
    split_path, out_path = sys.argv[1], sys.argv[2]
    unrestricted = "--unrestricted" in sys.argv[3:]
    with open(split_path) as f:
        split = json.load(f)
    season = int(split["season"])
    forecasts, methods, failures = {}, {}, {}
    start = time.time()
    for series in split["series"]:
        history = np.asarray(series["history"], dtype=float)
        model = AutoETS(season_length=season) if unrestricted else AutoETS(season_length=season, model="ZZN")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fitted = model.fit(history)
                mean = fitted.predict(h=len(series["actual"]))["mean"]
            forecasts[series["file"]] = [float(v) for v in mean]
            methods[series["file"]] = str(fitted.model_.get("method", "?"))
        except Exception as error:  # a series AutoETS cannot fit is reported, not fatal
            failures[series["file"]] = f"{type(error).__name__}: {error}"[:200]
        print(f"autoets: {series['file']}: {methods.get(series['file'], 'failed')}", file=sys.stderr)
    result = {
        "statsforecast": version("statsforecast"),
        "model": f"AutoETS(season_length={season}{'' if unrestricted else ', model=ZZN'})",
        "seconds": round(time.time() - start, 1),
        "forecasts": forecasts,
        "methods": methods,
        "failures": failures,
    }
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
