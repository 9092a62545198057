"""Growth of detector time with document length, shared by the claim and provenance benches.

Extraction was once quadratic on some document shapes; these are the shapes, and the
measure is the exponent of CPU time in document length (1.0 is linear).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from seedlint.document import Document
from seedlint.engine import RuleSet, lint_document
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


# The shapes of issue 20's attack run: each once took time that grew faster than the
# document (exponents 1.6-2.0). One unit, repeated; the rule(s) it stresses.
ATTACK_SHAPES: dict[str, tuple[str, list[str], str]] = {
    "`中?` repeated on one line": ("中?", ["M106"], ""),
    "repeated 相关阅读 lines": ("相关阅读\n", ["A201", "A202"], "正文第一段。\n"),
    "repeated spam terms": ("百家乐真人娱乐官网注册送彩金。", ["K102"], ""),
    "repeated betting brands": ("koko体育app下载 ", ["K102"], ""),
}

_CITIES = ["北京", "上海", "重庆", "广州", "成都", "武汉", "西安", "杭州", "南京", "天津"]
_METRICS = ["工业增加值", "社会消费品零售总额", "固定资产投资", "进出口总额", "财政收入"]


def news_line(n_bytes: int, seed: int = 20) -> str:
    """One line of about ``n_bytes`` of plain news (sentences written for this bench,
    varied so that no rule sees a repeated text), with a zero-width space in every fifth
    sentence so that ``--fix`` has work: the "10 MB line of real news" shape."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    k = 0
    while size < n_bytes:
        city, metric = rng.choice(_CITIES), rng.choice(_METRICS)
        zw = "\u200b" if k % 5 == 0 else ""
        s = (
            f"新华社{city}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电"
            f"（记者{rng.choice('张王李赵')}{rng.choice('明华军芳')}）"
            f"{city}市统计局{zw}{rng.randint(1, 28)}日发布数据显示，"
            f"{rng.randint(1, 12)}月份全市{metric}{rng.randint(100, 99999)}亿元，同比增长"
            f"{rng.randint(0, 9)}.{rng.randint(0, 9)}%。"
        )
        out.append(s)
        size += len(s.encode("utf-8"))
        k += 1
    return "".join(out) + "\n"


def _best_cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return max(best, 1e-6)


def _exponent(t0: float, t1: float, factor: int) -> float:
    return round(math.log(t1 / t0) / math.log(factor), 2)


def attack_growth(n: int = 2000, factor: int = 8) -> dict[str, float]:
    """Exponent of CPU time in document length for each attack shape and its rules
    (detector time only, best of 3)."""
    out: dict[str, float] = {}
    for shape, (unit, codes, head) in ATTACK_SHAPES.items():
        rs = ruleset_for(codes)
        ts = []
        for k in (n, n * factor):
            text = head + unit * k

            def lint(text: str = text, rs: RuleSet = rs) -> None:
                d = Document(path="g.txt", text=text)
                for r in rs.rules:
                    for _hit in r.detector.check(d):
                        pass

            ts.append(_best_cpu(lint))
        out[f"{shape} ({'/'.join(codes)})"] = _exponent(ts[0], ts[1], factor)
    return out


def fixer_overlap_growth(n: int = 2500, factor: int = 8) -> float:
    """Exponent of ``choose_fixes`` in the number of fixes (20,000 at the larger size)."""
    from seedlint.fixer import choose_fixes
    from seedlint.model import Applicability, Category, Edit, Finding, Fix, Severity

    rs = ruleset_for(["M106"])

    def findings(k: int) -> list[Finding]:
        return [
            Finding(
                code="M106",
                name="x",
                category=Category.MOJIBAKE,
                severity=Severity.WARNING,
                message="m",
                path="g.txt",
                document="g.txt",
                line=1,
                column=1 + 3 * i,
                end_line=1,
                end_column=3 + 3 * i,
                start=3 * i,
                end=3 * i + 2,
                fingerprint=f"f{i}",
                fix=Fix(
                    applicability=Applicability.SAFE,
                    description="d",
                    edits=[Edit(start=3 * i, end=3 * i + 2, replacement="")],
                ),
            )
            for i in range(k)
        ]

    ts = []
    for k in (n, n * factor):
        fs = findings(k)
        ts.append(_best_cpu(lambda fs=fs: choose_fixes(fs, Applicability.SAFE, rs)))
    return _exponent(ts[0], ts[1], factor)


def long_line_growth(
    small: int = 1 << 20, factor: int = 10, fix: bool = False
) -> tuple[float, float, float]:
    """One line of news ``small`` and ``factor`` times as many bytes (10 MB), linted with
    the default pack (and, with ``fix``, fixed to a fixed point): the exponent and the
    CPU seconds of both sizes."""
    from seedlint.config import Config
    from seedlint.fixer import fix_document
    from seedlint.model import Applicability

    rs = RuleSet.from_config(Config())  # the default pack, as `seedlint` runs it
    ts = []
    for size in (small, small * factor):
        text = news_line(size)

        def go(text: str = text) -> None:
            d = Document(path="g.txt", text=text)
            if fix:
                fix_document(d, rs, Applicability.SAFE)
            else:
                lint_document(d, rs)

        ts.append(_best_cpu(go, repeat=2))
    return _exponent(ts[0], ts[1], factor), ts[0], ts[1]


def main() -> None:
    print("== growth exponents of issue 20's shapes (CPU time; 1.0 is linear, bar 1.1)")
    for name, e in attack_growth().items():
        print(f"  {name:44} {e}")
    print(f"  {'fixer overlap test, 2,500 -> 20,000 fixes':44} {fixer_overlap_growth()}")
    for fix in (False, True):
        e, t0, t1 = long_line_growth(fix=fix)
        what = "--fix" if fix else "lint"
        print(f"  {'one 10 MB line of news, ' + what:44} {e}  ({t0:.1f} s at 1 MB, {t1:.1f} s)")


if __name__ == "__main__":
    main()
