"""How well seedlint reads HTML pages, against the gold of a hand-made extraction dataset.

    python bench/realtext/html_gold.py [--repo DIR]

The Chinese Web Content Extraction Dataset (``sources.py``: cwced) pairs 69 raw pages
(``original/*.html``) with the article text, publication date and authors a person copied
out of each (``cleaned/``, ``date/``, ``author/``). For every page this prints, for
seedlint's reader (``seedlint.htmltext`` + ``seedlint.provenance``) and, when installed,
for trafilatura and htmldate:

* text recall: the share of the gold text's character bigrams (blanks ignored) found in
  the extracted text. A linter must see every character of the article, so recall is
  what counts; precision is not asked of seedlint, which keeps the page's menus and
  footers on purpose (its boilerplate rules are there to report them);
* date: whether the publication day found is the gold one (pages without a gold date are
  left out);
* authors: whether a gold author's name is among the names found.

The dataset is read from a git directory (``--repo``, default: its snapshot where
``sources.py`` keeps them) with ``git show``: nothing is copied into this repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "lint"))

from seedlint.document import Document  # noqa: E402
from seedlint.htmltext import extract_html  # noqa: E402
from seedlint.provenance import extract_provenance, parse_date  # noqa: E402
from seedlint.sources import decode  # noqa: E402

sys.path.insert(0, str(HERE))
from sources import MIRROR  # noqa: E402

DEFAULT_REPO = MIRROR / "immortal-autumn+Chinese-Web-Content-Extraction-Dataset" / "repo"


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def _bigrams(s: str) -> Counter[str]:
    s = re.sub(r"\s+", "", s)
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def _recall(gold: str, got: str) -> float:
    g, h = _bigrams(gold), _bigrams(got)
    total = sum(g.values())
    return 1.0 if total == 0 else sum(min(c, h[k]) for k, c in g.items()) / total


def _gold_date(s: str) -> dt.date | None:
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", type=Path, default=DEFAULT_REPO)
    ns = ap.parse_args()
    try:
        import trafilatura  # type: ignore[import-not-found]
        from htmldate import find_date  # type: ignore[import-not-found]
    except ImportError:
        trafilatura = None
    names = [
        n.rsplit(".", 1)[0]
        for n in _git(ns.repo, "ls-tree", "--name-only", "HEAD:original").decode().split()
    ]
    rows = Counter[str]()
    rec: dict[str, list[float]] = {"seedlint": [], "trafilatura": []}
    for name in names:
        raw = _git(ns.repo, "show", f"HEAD:original/{name}.html")
        dec = decode(raw)
        if dec is None:
            continue
        gold = _git(ns.repo, "show", f"HEAD:cleaned/{name}.txt").decode("utf-8", "replace")
        gdate_raw = _git(ns.repo, "show", f"HEAD:date/{name}.txt")
        gdate = _gold_date(gdate_raw.decode("utf-8", "replace"))
        gauth = _git(ns.repo, "show", f"HEAD:author/{name}.txt").decode("utf-8", "replace").split()
        page = extract_html(dec.text)
        doc = Document(f"{name}.html", page.text, metadata=page.metadata, source_map=page.map)
        doc.container = "html"
        prov = extract_provenance(doc)
        rows["pages"] += 1
        rec["seedlint"].append(_recall(gold, page.text))
        if gdate is not None:
            rows["dated"] += 1
            rows["seedlint date"] += prov.published == gdate
        if gauth and gauth != ["UNKNOWN"]:
            rows["authored"] += 1
            rows["seedlint author"] += any(a in prov.authors for a in gauth)
        if trafilatura is not None:
            got = trafilatura.extract(dec.text, favor_recall=True) or ""
            rec["trafilatura"].append(_recall(gold, got))
            if gdate is not None:
                hd = find_date(dec.text, original_date=True)
                rows["htmldate date"] += parse_date(hd)[0] == gdate if hd else 0
            meta = trafilatura.extract_metadata(dec.text)
            if gauth and gauth != ["UNKNOWN"] and meta is not None and meta.author:
                rows["trafilatura author"] += any(a in meta.author for a in gauth)
    n = rows["pages"]
    print(f"{n} pages, {rows['dated']} with a gold date, {rows['authored']} with gold authors")
    for who, vals in rec.items():
        if vals:
            full = sum(v >= 0.95 for v in vals)
            print(
                f"{who}: mean text recall {sum(vals) / len(vals):.3f}, "
                f"pages with recall >= 0.95: {full}/{len(vals)}"
            )
    print(f"seedlint dates right: {rows['seedlint date']}/{rows['dated']}")
    print(f"seedlint authors right: {rows['seedlint author']}/{rows['authored']}")
    if trafilatura is not None:
        print(f"htmldate dates right: {rows['htmldate date']}/{rows['dated']}")
        print(f"trafilatura authors right: {rows['trafilatura author']}/{rows['authored']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
