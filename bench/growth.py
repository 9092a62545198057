"""Growth of detector time with document length, shared by the claim and provenance benches.

Extraction was once quadratic on some document shapes; these are the shapes, and the
measure is the exponent of CPU time in document length (1.0 is linear).
"""

from __future__ import annotations

import math
import time

from seedlint.document import Document
from seedlint.testing import ruleset_for

# Document shapes that made extraction quadratic before: one long line of many sentences,
# one sentence that never ends, and the same content on many short lines.
GROWTH_UNITS = {
    "one line of sentences": "来源：甲报 2022年11月23日 记者 张三 其中10人、20人(含3人)。"
    "重庆市新增确诊病例5例，较前日减少1例。",
    "one endless sentence": "来源：甲报 2022年11月23日 记者 张三 其中10人、20人(含3人)，"
    "重庆市新增确诊病例5例，较前日减少1例，",
    "many short lines": "来源：甲报\n2022年11月23日\n（记者 张三）\n"
    "其中10人、20人\n重庆市新增确诊病例5例\n",
}


def growth(codes: list[str], n: int = 300, factor: int = 8) -> dict[str, dict[str, float]]:
    """Per rule and document shape: log(t(factor x length) / t(length)) / log(factor), the
    exponent of time in document length (1.0 is linear), detector CPU time, best of 3."""
    rs = ruleset_for(codes)
    out: dict[str, dict[str, float]] = {}
    for shape, unit in GROWTH_UNITS.items():
        row = {}
        for r in rs.rules:
            det = r.detector
            ts = []
            for k in (n, n * factor):
                best = math.inf
                for _ in range(3):
                    d = Document(path="g.txt", text=unit * k)
                    t0 = time.process_time()
                    for _hit in det.check(d):
                        pass
                    if det.corpus_wide:
                        det.collect(d)
                    best = min(best, time.process_time() - t0)
                ts.append(max(best, 1e-6))
            row[r.code] = round(math.log(ts[1] / ts[0]) / math.log(factor), 2)
        out[shape] = row
        print(f"  {shape:24} " + ", ".join(f"{c} {v}" for c, v in row.items()))
    return out
