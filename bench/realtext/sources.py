"""The real-text sources: public repositories of text that others wrote, extracted as users
hand documents to seedlint.

Each source names the repository, the commit and the paths it reads. Text is read from a
snapshot of the repository beside the checkout (``../.mirror/OWNER+NAME/repo``, a bare git
directory; ``SEEDLINT_MIRROR`` names another folder) or from ``../shared/corpora``, and
written under ``bench/out/realtext/<source>/`` (ignored by git): the text itself is never
committed. A source whose snapshot is absent is skipped with the reason.

Documents are written as they come, not cleaned up: raw pages stay raw pages in their own
bytes (GBK included), Markdown keeps its front matter, records keep the fields the source
gives (a date, a URL, a label) as JSONL metadata.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MIRROR = Path(os.environ.get("SEEDLINT_MIRROR", REPO.parent / ".mirror"))
SHARED = REPO.parent / "shared" / "corpora"


class SourceMissing(Exception):
    """The snapshot or data a source reads is not on this machine."""


class GitTree:
    """Blobs of one commit of a bare snapshot, read through one ``git cat-file --batch``."""

    def __init__(self, repo: str, commit: str) -> None:
        self.git_dir = MIRROR / repo.replace("/", "+") / "repo"
        if not self.git_dir.is_dir():
            raise SourceMissing(f"no snapshot of {repo} (fetch it into {self.git_dir.name})")
        self.commit = commit
        ok = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", "cat-file", "-e", f"{commit}^{{commit}}"],
            capture_output=True,
        )
        if ok.returncode != 0:
            raise SourceMissing(f"the snapshot of {repo} lacks commit {commit[:12]}")
        self._proc: subprocess.Popen[bytes] | None = None
        self.missing: list[str] = []

    def ls(self, prefix: str) -> list[str]:
        cmd = ["git", f"--git-dir={self.git_dir}", "ls-tree", "-r", "-z", "--name-only"]
        out = subprocess.run(
            [*cmd, self.commit, "--", prefix],
            capture_output=True,
            check=True,
        ).stdout
        return sorted(p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p)

    def read(self, path: str) -> bytes | None:
        """The blob's bytes, or None when the snapshot lacks it (large files are left out)."""
        if self._proc is None:
            self._proc = subprocess.Popen(
                ["git", f"--git-dir={self.git_dir}", "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(f"{self.commit}:{path}\n".encode("utf-8", "surrogateescape"))
        self._proc.stdin.flush()
        header = self._proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            self.missing.append(path)
            return None
        data = self._proc.stdout.read(int(header[2]))
        self._proc.stdout.read(1)
        return data

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait()
            self._proc = None


@dataclass
class Source:
    name: str
    covers: str
    """What kind of text it is (official bulletins, raw HTML pages, ...)."""
    repo: str
    commit: str
    paths: str
    form: str
    """How the documents are handed to seedlint."""
    extract: Callable[[Source, Path], int]
    licence: str = ""
    notes: list[str] = field(default_factory=list)

    def tree(self) -> GitTree:
        return GitTree(self.repo, self.commit)


def _need(tree: GitTree, path: str) -> bytes:
    data = tree.read(path)
    if data is None:
        raise SourceMissing(f"the snapshot lacks {path}")
    return data


def _jsonl(out: Path, name: str, records: Iterator[dict[str, object]]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (out / name).open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def _safe_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", path).strip("_")


# -- xiaoyu2er/xwlb: CCTV evening-news transcripts, one story per record -------------------

_STORY = re.compile(r"^## ", re.M)
_LINK = re.compile(r"\*\[原文\]\((\S+?)\)\*")


def _md_stories(
    src: Source,
    out: Path,
    prefix: str,
    date_of: Callable[[str], str],
    keep: Callable[[str], bool] = lambda day: True,
) -> int:
    tree = src.tree()

    def records() -> Iterator[dict[str, object]]:
        for path in tree.ls(prefix):
            if not path.endswith(".md") or not keep(date_of(path)):
                continue
            data = tree.read(path)
            if data is None:
                continue
            text = data.decode("utf-8")
            day = date_of(path)
            starts = [m.start() for m in _STORY.finditer(text)]
            for i, start in enumerate(starts):
                story = text[start : starts[i + 1] if i + 1 < len(starts) else len(text)]
                link = _LINK.search(story)
                rec: dict[str, object] = {"id": f"{day}-{i:02d}", "date": day}
                if link:
                    rec["url"] = link.group(1)
                rec["text"] = story.rstrip("\n") + "\n"
                yield rec

    try:
        return _jsonl(out, "stories.jsonl", records())
    finally:
        tree.close()


def extract_xwlb(src: Source, out: Path) -> int:
    return _md_stories(src, out, "news", lambda p: Path(p).stem)


def extract_cctv_dxy(src: Source, out: Path) -> int:
    """The CCTV transcripts of the days DXY's items cover (15 January to 5 April 2020)
    beside those items, as one corpus: the national bulletin as CCTV read it and as the
    health commissions and papers posted it. Each source alone compares an outlet with
    itself; together they compare two outlets' reports of the same days.

    Only the contradiction rules run on it (``select: [C]``): every other rule already
    reads these documents in the two sources they come from, and would count them twice.
    """
    with (out / "seedlint.yaml").open("a", encoding="utf-8") as fh:
        fh.write("select: [C]\n")
    xwlb = next(s for s in SOURCES if s.name == "xwlb")
    dxy = next(s for s in SOURCES if s.name == "dxynews")
    n = _md_stories(
        xwlb, out, "news", lambda p: Path(p).stem, lambda d: "2020-01-15" <= d <= "2020-04-05"
    )
    return n + extract_dxynews(dxy, out)


# -- yuekcc/cctv_news: the raw article pages behind the transcripts ----------------------


def extract_cctv_pages(src: Source, out: Path, every: int = 30) -> int:
    tree = src.tree()
    try:
        pages = [p for p in tree.ls("dump_htmls") if Path(p).name.startswith("VIDE")]
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for path in pages[::every]:
            data = tree.read(path)
            if data is not None:
                (out / (Path(path).stem + ".html")).write_bytes(data)
                n += 1
        return n
    finally:
        tree.close()


# -- Terminus2049: archived mainland articles, Markdown with front matter ---------------


def extract_files(src: Source, out: Path, prefix: str, suffix: str, keep: str = "") -> int:
    """Copy a folder's files byte for byte (``keep``: the extension written, if not kept)."""
    tree = src.tree()
    try:
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for path in tree.ls(prefix):
            if not path.endswith(suffix):
                continue
            rel = path[len(prefix) :].lstrip("/")
            name = _safe_name(rel)
            if keep:
                name = name.rsplit(".", 1)[0] + keep
            data = tree.read(path)
            if data is not None:
                (out / name).write_bytes(data)
                n += 1
        return n
    finally:
        tree.close()


def extract_terminus(src: Source, out: Path) -> int:
    return extract_files(src, out, "_posts", ".md")


# -- qianshuang/dl-exp: THUCNews (Sina news), one `label\ttext` line per article ----------


def extract_cnews(src: Source, out: Path) -> int:
    tree = src.tree()
    try:
        raw = _need(tree, "data/cnews/cnews.val.txt").decode("utf-8")
    finally:
        tree.close()

    def records() -> Iterator[dict[str, object]]:
        for i, line in enumerate(raw.splitlines()):
            label, _, text = line.partition("\t")
            yield {"id": f"val{i:04d}", "label": label, "text": text}

    return _jsonl(out, "cnews.jsonl", records())


# -- immortal-autumn/Chinese-Web-Content-Extraction-Dataset: raw GBK pages ---------------


def extract_cwced(src: Source, out: Path) -> int:
    return extract_files(src, out, "original", ".html")


# -- GeneralNewsExtractor: raw pages of 163, sina, people.com.cn, ... --------------------


def extract_gne(src: Source, out: Path) -> int:
    return extract_files(src, out, "tests", ".html")


# -- alanshi/charset_mnbvc: encoding debris at scale ---------------------------------------


def extract_mnbvc(src: Source, out: Path) -> int:
    return extract_files(src, out, "tests/fixtures", ".txt")


# -- DRCKnowledgeTeam/DRCD: Traditional (Taiwan) Wikipedia paragraphs --------------------


def extract_drcd(src: Source, out: Path) -> int:
    tree = src.tree()
    try:
        data = json.loads(_need(tree, "DRCD_dev.json"))
    finally:
        tree.close()

    def records() -> Iterator[dict[str, object]]:
        for article in data["data"]:
            for para in article["paragraphs"]:
                yield {"id": para["id"], "title": article["title"], "text": para["context"]}

    return _jsonl(out, "drcd_dev.jsonl", records())


# -- shared corpora: ChineseWebText Common Crawl examples, char-dataset blog feeds --------


def _shared(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        raise SourceMissing(f"shared corpus absent: corpora/{'/'.join(parts)}")
    return p


def extract_chinesewebtext(src: Source, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name in ("dirty.jsonl", "clean.jsonl"):
        data = _shared("ChineseWebText-examples", name).read_bytes()
        (out / name).write_bytes(data)
        n += sum(1 for line in data.splitlines() if line.strip())
    return n


def extract_chardataset(src: Source, out: Path) -> int:
    """The Big5 and GB2312 blog feeds and pages, raw bytes, as ``.html`` (they are markup)."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for enc in ("big5", "gb2312", "gb18030"):
        for p in sorted(_shared("char-dataset", enc).iterdir()):
            if p.is_file():
                (out / f"{enc}__{_safe_name(p.stem)}.html").write_bytes(p.read_bytes())
                n += 1
    return n


# -- Common Crawl samples with gambling and SEO injections ------------------------------


def _copy_blob(src: Source, out: Path, path: str, name: str, config: str = "") -> int:
    tree = src.tree()
    try:
        data = _need(tree, path)
    finally:
        tree.close()
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    (out / "seedlint.yaml").write_text("respect-gitignore: false\n" + config)
    return sum(1 for line in data.splitlines() if line.strip())


def extract_ccweb(src: Source, out: Path) -> int:
    # The text is in `raw_content`: the field name is configuration, the pack is the default.
    return _copy_blob(
        src, out, "2021-43/cleared1.jsonl", "cleared1.jsonl", "text-field: raw_content\n"
    )


def extract_c4zh(src: Source, out: Path) -> int:
    return _copy_blob(
        src, out, "data/Chinese_docs_random-100.jsonl", "Chinese_docs_random-100.jsonl"
    )


# -- TaiwanStat/Taiwan-news-crawlers: udn, Apple Daily (Taiwan), Liberty Times, 2017 ------


def _json_objects(raw: str) -> Iterator[dict[str, object]]:
    """Objects of a JSON array file, leniently: some files are two arrays glued together."""
    dec = json.JSONDecoder()
    i = 0
    while i < len(raw):
        j = raw.find("{", i)
        if j == -1:
            return
        try:
            obj, end = dec.raw_decode(raw, j)
        except json.JSONDecodeError:
            i = j + 1
            continue
        if isinstance(obj, dict):
            yield obj
        i = end


def extract_twnews(src: Source, out: Path) -> int:
    tree = src.tree()
    seen: set[str] = set()

    def records() -> Iterator[dict[str, object]]:
        for name in ("udn.json", "apple_realtime.json", "apple.json", "liberty.json"):
            raw = _need(tree, name).decode("utf-8", "replace")
            for obj in _json_objects(raw):
                url = str(obj.get("url", ""))
                if not url or url in seen or not isinstance(obj.get("content"), str):
                    continue
                seen.add(url)
                rec = {k: v for k, v in obj.items() if k != "content"}
                rec["id"] = f"{name.split('.')[0]}-{len(seen):05d}"
                rec["text"] = obj["content"]
                yield rec

    try:
        return _jsonl(out, "twnews.jsonl", records())
    finally:
        tree.close()


# -- liaozp1/textsum: a SogouCS sample, GBK bytes with CRLF, one file per record ----------

_SOGOU_DOC = re.compile(rb"<doc>(.*?)</doc>", re.S)


def _sogou_field(rec: bytes, name: bytes) -> bytes:
    m = re.search(rb"<" + name + rb">(.*?)</" + name + rb">", rec, re.S)
    return m.group(1) if m else b""


def extract_sogou(src: Source, out: Path) -> int:
    tree = src.tree()
    try:
        data = _need(tree, "data/news_sohusite_xml.smarty.dat")
    finally:
        tree.close()
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for n, m in enumerate(_SOGOU_DOC.finditer(data), 1):
        rec = m.group(1)
        # Title and body as the crawler stored them, in their GBK bytes; the URL and
        # title go to a sidecar, as a corpus keeps its crawl metadata.
        body = _sogou_field(rec, b"contenttitle") + b"\r\n" + _sogou_field(rec, b"content")
        (out / f"doc{n:03d}.txt").write_bytes(body)
        url = _sogou_field(rec, b"url").decode("ascii", "replace").strip()
        (out / f"doc{n:03d}.txt.meta.yaml").write_text(json.dumps({"url": url}) + "\n")
    return n


# -- SkyworkAI/Skywork: 2023 articles (Sina finance with url/date; news with text only) ---


def extract_skywork(src: Source, out: Path) -> int:
    tree = src.tree()
    try:
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for name in ("zh_finance.jsonl", "zh_news.jsonl"):
            data = _need(tree, f"data/eval_loss/{name}")
            (out / name).write_bytes(data)
            n += sum(1 for line in data.splitlines() if line.strip())
        return n
    finally:
        tree.close()


# -- joanne3634/appledaily: Taiwan Apple Daily charity pages (HTML; some all entities) ------


def extract_appledaily_tw(src: Source, out: Path) -> int:
    tree = src.tree()
    try:
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        pages = tree.ls("start_charity_dev/db_articles")[::8]
        for path in pages:
            data = tree.read(path)
            if data is not None:
                (out / ("entities_" + Path(path).stem + ".html")).write_bytes(data)
                n += 1
        return n
    finally:
        tree.close()


# -- BlankerL/DXY-COVID-19-Data: news items the DXY epidemic page collected ------------


def extract_dxynews(src: Source, out: Path) -> int:
    """One record per news item (the crawler stored each item again on every change: the
    first copy of each item id is kept). Items come from the provincial and city health
    commissions, CCTV, People's Daily and others, about the same days: independent reports
    of the same figures, which the cross-article rules compare."""
    import csv
    import io

    tree = src.tree()
    try:
        data = _need(tree, "csv/DXYNews.csv").decode("utf-8-sig")
    finally:
        tree.close()
    seen: set[str] = set()

    def records() -> Iterator[dict[str, object]]:
        for row in csv.DictReader(io.StringIO(data)):
            key = (row.get("id") or "").strip()
            if not key or key in seen or not (row.get("summary") or "").strip():
                continue
            seen.add(key)
            yield {
                "id": f"dxy-{key}",
                "date": (row.get("pubDate") or "")[:10],
                "url": row.get("sourceUrl") or "",
                "source": row.get("infoSource") or "",
                "text": f"{row.get('title', '').strip()}\n\n{row['summary'].strip()}\n",
            }

    return _jsonl(out, "news.jsonl", records())


SOURCES: list[Source] = [
    Source(
        name="xwlb",
        covers="official bulletins, mainland news (CCTV transcripts 2020-2022)",
        repo="xiaoyu2er/xwlb",
        commit="be3a43819bb4d0f59a93cfab8b01a5c948d4eadb",
        paths="news/*.md, one record per `## ` story",
        form="JSONL: id, date (the broadcast day), url (the story's cctv.com link), text",
        extract=extract_xwlb,
    ),
    Source(
        name="cctv_pages",
        covers="raw HTML pages (cctv.com article pages behind the transcripts)",
        repo="yuekcc/cctv_news",
        commit="f3f077685dd5be6c1dbfe4a65b69d3045d36594f",
        paths="dump_htmls/VIDE*.shtml, every 30th in name order",
        form="folder of .html files, bytes as stored",
        extract=extract_cctv_pages,
    ),
    Source(
        name="terminus",
        covers="mainland news and commentary archived 2016-2020, Markdown with front matter",
        repo="Terminus2049/Terminus2049.github.io",
        commit="0961c777265ca90fcd19939742e3714883c0d597",
        paths="_posts/*.md",
        form="folder of .md files with YAML front matter, as stored",
        extract=extract_terminus,
    ),
    Source(
        name="cnews",
        covers="mainland web news (THUCNews sample of Sina news 2005-2011)",
        repo="qianshuang/dl-exp",
        commit="0ff7afa0588c61940868d24099c7cbecc8ee9b54",
        paths="data/cnews/cnews.val.txt (`label<TAB>text` lines)",
        form="JSONL: id, label, text",
        extract=extract_cnews,
    ),
    Source(
        name="cwced",
        covers="raw HTML pages of about 2005, mostly GB2312/GBK bytes",
        repo="immortal-autumn/Chinese-Web-Content-Extraction-Dataset",
        commit="99d0ef08419109b5489b12e38f771f25b952d774",
        paths="original/*.html",
        form="folder of .html files, bytes as stored",
        extract=extract_cwced,
    ),
    Source(
        name="gne",
        covers="raw HTML pages of 163, sina, people.com.cn, xinhuanet, thepaper, wechat",
        repo="GeneralNewsExtractor/GeneralNewsExtractor",
        commit="3d5a67c65f4d6c8e13c3047754a4c18fc0b0754a",
        paths="tests/*/*.html",
        form="folder of .html files, bytes as stored",
        extract=extract_gne,
    ),
    Source(
        name="mnbvc",
        covers="encoding debris: a GBK novel full of 锟斤拷, GBK read as UTF-8, Big5, EUC-JP",
        repo="alanshi/charset_mnbvc",
        commit="bf98c7a4c6000657f1fb1dc1ad0655b8314b997e",
        paths="tests/fixtures/*.txt",
        form="folder of .txt files, bytes as stored",
        extract=extract_mnbvc,
    ),
    Source(
        name="drcd",
        covers="Traditional Chinese (Taiwan) Wikipedia paragraphs",
        repo="DRCKnowledgeTeam/DRCD",
        commit="b944790de5af02c5fbb7cd9cb1473d27d169eebf",
        paths="DRCD_dev.json, one record per paragraph",
        form="JSONL: id, title, text",
        extract=extract_drcd,
        licence="CC BY-SA 3.0",
    ),
    Source(
        name="chinesewebtext",
        covers="real web text with spam and boilerplate (Common Crawl, labelled dirty/clean)",
        repo="CASIA-LM/ChineseWebText",
        commit="aa459c4",
        paths="../shared/corpora/ChineseWebText-examples/{dirty,clean}.jsonl",
        form="JSONL as distributed",
        extract=extract_chinesewebtext,
    ),
    Source(
        name="chardataset",
        covers="Taiwan (Big5) and mainland (GB2312/GB18030) blog feeds and pages",
        repo="Ousret/char-dataset",
        commit="eb0439d",
        paths="../shared/corpora/char-dataset/{big5,gb2312,gb18030}/*",
        form="folder of .html files, bytes as stored",
        extract=extract_chardataset,
    ),
    Source(
        name="ccweb",
        covers="real web text with gambling and SEO injections (Common Crawl 2021-43, 100 docs)",
        repo="CASIA-LM/ChineseWebText",
        commit="aa459c4c8d61e82401ceef960b29b6b9482f638f",
        paths="2021-43/cleared1.jsonl",
        form="JSONL as distributed (text in `raw_content`, set as `text-field`)",
        extract=extract_ccweb,
    ),
    Source(
        name="c4zh",
        covers="raw Common Crawl WET pages 2022, Chinese (boilerplate, SEO, ICP lines)",
        repo="shjwudp/c4-dataset-script",
        commit="619df8ae02d93396736fe239754c99aa84cb2fa8",
        paths="data/Chinese_docs_random-100.jsonl",
        form="JSONL as distributed",
        extract=extract_c4zh,
        licence="MIT",
    ),
    Source(
        name="twnews",
        covers="Taiwan Traditional news 2017 (udn, Apple Daily Taiwan, Liberty Times)",
        repo="TaiwanStat/Taiwan-news-crawlers",
        commit="f41180705044960b4b1375a247290172799bd5d3",
        paths="udn.json, apple_realtime.json, apple.json, liberty.json (deduplicated by url)",
        form="JSONL: id, url, title, date, website, category, text",
        extract=extract_twnews,
    ),
    Source(
        name="sogou",
        covers="mainland web news 2012 (SogouCS sample of Sohu), GBK bytes with CRLF",
        repo="liaozp1/textsum",
        commit="585f08fe1b5587fd51d3ddbf95025292a6ff7b5f",
        paths="data/news_sohusite_xml.smarty.dat, one file per <doc>",
        form="folder of GBK .txt files (title line, then content) with url sidecars",
        extract=extract_sogou,
    ),
    Source(
        name="skywork",
        covers="2023 mainland articles: Sina finance (url, date) and news (text only)",
        repo="SkyworkAI/Skywork",
        commit="f45e61a55d4fd25e39494fc3c37014d0391f0e36",
        paths="data/eval_loss/zh_finance.jsonl, data/eval_loss/zh_news.jsonl",
        form="JSONL as distributed",
        extract=extract_skywork,
    ),
    Source(
        name="dxynews",
        covers="COVID news items of Jan-Mar 2020 from health commissions, CCTV and papers",
        repo="BlankerL/DXY-COVID-19-Data",
        commit="85063b69beee944903fdba0c71c450ad9e6420f7",
        paths="csv/DXYNews.csv, one record per item id (title and summary)",
        form="JSONL: id, date (publication time's day), url, source (the outlet), text",
        extract=extract_dxynews,
        licence="MIT",
    ),
    Source(
        name="cctv_dxy",
        covers="CCTV bulletin transcripts and DXY's COVID items of the same days (Jan-Apr 2020)",
        repo="xiaoyu2er/xwlb + BlankerL/DXY-COVID-19-Data",
        commit="be3a43819bb4 + 85063b69beee",
        paths="news/2020-01-15.md to news/2020-04-05.md (one record per story), csv/DXYNews.csv",
        form="two JSONL files in one folder, as the xwlb and dxynews sources write them",
        extract=extract_cctv_dxy,
    ),
    Source(
        name="appledaily_tw",
        covers="Taiwan Apple Daily charity pages written wholly as numeric HTML entities",
        repo="joanne3634/appledaily",
        commit="3826761f41d520f9f233233c7a67248d0cf0a7db",
        paths="start_charity_dev/db_articles/*.htm, every 8th",
        form="folder of .html files, bytes as stored",
        extract=extract_appledaily_tw,
    ),
]
