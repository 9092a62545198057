"""Build a reproducible benchmark corpus of realistic Chinese web documents.

The same ``--size`` and ``--seed`` always give the same bytes. Documents are news-shaped
(a timestamp and source line, a title, paragraphs, sometimes a footer) and assembled from
real text: the project's raw seeds (as received, dirty), Simplified web text from the
shared public corpora (ChineseWebText clean examples, GB2312 blog feeds, OpenCC's golden
text; one paragraph in four from the Zuozhuan), and real spam (ChineseWebText dirty
examples). About 60% of the documents are left clean; the rest get one to three
injected defects of the kinds the rule pack targets, and each record names what was
injected (``injected``), so the corpus can also serve recall checks.

Without ``../shared/corpora`` the builder still works from the seeds alone (a smaller pool
of paragraphs, so more repetition): the benchmark notes which pool it used.

    python bench/make_corpus.py --size 10MB --out bench/out/corpus.jsonl
    python bench/make_corpus.py --size 100MB --format dir --out bench/out/corpus-dir
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SHARED = REPO.parent / "shared" / "corpora"

SOURCES = [
    "人民网",
    "新华网",
    "央视新闻",
    "中国新闻网",
    "澎湃新闻",
    "重庆日报",
    "南方都市报",
    "环球时报",
]
REGIONS = ["重庆市", "北京市", "上海市", "广州市", "成都市", "武汉市"]
NAV = [
    "首页 > 新闻中心 > 国内新闻 > 正文",
    "当前位置：首页 >> 社会 >> 要闻",
    "网站首页 | 新闻 | 财经 | 体育",
]
FOOTERS = [
    "责任编辑：王小明",
    "分享到：微信 微博 QQ空间",
    "版权所有 © 2022 本站 京ICP备12345678号",
    "扫一扫，关注我们的公众号",
    "【打印】【关闭窗口】【返回顶部】",
]
SPAM_KEYWORDS = ["免费下载", "高清在线观看", "最新地址", "代开发票", "减肥茶"]
DEFECTS = [
    "mojibake-gbk",
    "mojibake-latin1",
    "traditional-paragraph",
    "keyword-spam",
    "boilerplate",
    "template-placeholder",
    "script-debris",
    "lost-characters",
    "html-entities",
    "invisible-characters",
    "contradiction",
]


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", text.upper())
    if not m:
        raise argparse.ArgumentTypeError(f"size like 10MB, 1GB, 500KB: {text!r}")
    mult = {"": 1, "B": 1, "K": 1e3, "KB": 1e3, "M": 1e6, "MB": 1e6, "G": 1e9, "GB": 1e9}[m[2]]
    return int(float(m[1]) * mult)


_TAGS = re.compile(r"<[^>]+>")
_SPLIT = re.compile(r"(?<=[。！？；])")


def _paragraphs(text: str, lo: int = 20, hi: int = 600) -> list[str]:
    out = []
    for block in re.split(r"\s*\n\s*|\s{3,}", text):
        block = block.strip()
        if len(block) < lo or not re.search(r"[\u4e00-\u9fff]{6}", block):
            continue
        while len(block) > hi:  # long blocks become several paragraphs at sentence ends
            cut = max((m.end() for m in _SPLIT.finditer(block, 0, hi)), default=hi)
            out.append(block[:cut])
            block = block[cut:]
        if len(block) >= lo:
            out.append(block)
    return out


def load_pool() -> tuple[dict[str, list[str]], list[bytes], str]:
    """Paragraph pools (web, classical, spam), the raw seed documents, and a description."""
    seeds = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    clean: list[str] = []
    classical: list[str] = []
    spam: list[str] = []
    used = ["raw seeds"]
    cwt = SHARED / "ChineseWebText-examples"
    if cwt.is_dir():
        for line in (cwt / "clean.jsonl").read_text(encoding="utf-8").splitlines():
            clean += _paragraphs(json.loads(line)["text"])
        for line in (cwt / "dirty.jsonl").read_text(encoding="utf-8").splitlines():
            spam += _paragraphs(json.loads(line)["text"], lo=8)
        used.append("ChineseWebText examples")
    feeds = SHARED / "char-dataset" / "gb2312"
    if feeds.is_dir():
        for p in sorted(feeds.iterdir()):
            try:
                text = p.read_bytes().decode("gb18030")
            except UnicodeDecodeError:
                continue
            clean += _paragraphs(html.unescape(_TAGS.sub("\n", html.unescape(text))))
        used.append("GB2312 blog feeds")
    golden = SHARED / "OpenCC" / "test" / "golden" / "input"
    if golden.is_dir():
        for p in sorted(golden.glob("*zhs*.txt")):
            clean += _paragraphs(p.read_text(encoding="utf-8"))
        used.append("OpenCC golden text")
    zz = SHARED / "OpenCC" / "test" / "benchmark" / "zuozhuan.txt"
    if zz.is_file():
        classical = _paragraphs(zz.read_text(encoding="utf-8"))
        used.append("Zuozhuan (1 paragraph in 4)")
    if not clean:  # seeds only: their text, converted to Simplified where OpenCC can
        text = "\n".join(s.decode("utf-8", "replace") for s in seeds)
        clean = _paragraphs(_to_simplified(text))
    pools = {"web": clean, "classical": classical or clean, "spam": spam or clean}
    return pools, seeds, ", ".join(used)


def _converter(config: str) -> Any:
    try:
        import opencc

        return opencc.OpenCC(config)
    except Exception:  # the benchmark still runs without OpenCC, with fewer defect kinds
        return None


_T2S = _converter("t2s")
_S2T = _converter("s2t")


def _to_simplified(text: str) -> str:
    return _T2S.convert(text) if _T2S else text


def _inject(rng: random.Random, paras: list[str], kind: str, claim: str | None) -> None:
    i = rng.randrange(len(paras))
    p = paras[i]
    if kind in ("mojibake-gbk", "mojibake-latin1"):
        a = rng.randrange(max(1, len(p) - 12))
        span = p[a : a + rng.randint(6, 12)]
        enc = "gbk" if kind == "mojibake-gbk" else "cp1252"
        bad = span.encode("utf-8").decode(enc, errors="replace")
        paras[i] = p[:a] + bad + p[a + len(span) :]
    elif kind == "traditional-paragraph" and _S2T:
        paras[i] = _S2T.convert(p)
    elif kind == "keyword-spam":
        kw = rng.choice(SPAM_KEYWORDS)
        paras.insert(i, (kw + " ") * rng.randint(12, 30))
    elif kind == "boilerplate":
        paras.insert(0, rng.choice(NAV))
        paras.extend(rng.sample(FOOTERS, 3))
    elif kind == "template-placeholder":
        paras[i] = "本报记者{{ author }}报道，" + p
    elif kind == "script-debris":
        paras.insert(i, "var _hmt = _hmt || []; document.write('<script src=\"/stat.js\">');")
    elif kind == "lost-characters":
        chars = list(p)
        for j in rng.sample(range(len(chars)), min(len(chars), 4)):
            chars[j] = "?"
        paras[i] = "".join(chars)
    elif kind == "html-entities":
        paras[i] = p.replace("，", "&nbsp;，", 2) + "&quot;"
    elif kind == "invisible-characters":
        j = rng.randrange(len(p))
        paras[i] = p[:j] + "\u200b" + p[j:]
    elif kind == "contradiction" and claim:
        paras.insert(min(1, len(paras)), claim)


def documents(size: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Records ``{"id", "text", "pool", "injected"}`` until ``size`` bytes of text.

    ``pool`` says which text pool a record came from; it is deliberately not called
    ``source``, which seedlint reads as the publisher (and rightly flags as P108 when it
    disagrees with the article's own header).
    """
    rng = random.Random(seed)
    pools, seeds, _ = load_pool()
    total = n = 0
    while total < size:
        n += 1
        injected: list[str] = []
        r = rng.random()
        if r < 0.02 and seeds:
            text = rng.choice(seeds).decode("utf-8", "replace")
            source = "seed"
        else:
            source = "spam" if r < 0.06 else "generated"
            paras = []
            for _ in range(rng.randint(4, 24)):
                kind = "classical" if rng.random() < 0.25 else "web"
                paras.append(rng.choice(pools["spam" if source == "spam" else kind]))
            if source == "generated" and rng.random() < 0.4:
                injected = rng.sample(DEFECTS, rng.randint(1, 3))
                claim = None
                if "contradiction" in injected:
                    region = rng.choice(REGIONS)
                    value = rng.choice([178, 187, 1780]) + (n % 5 == 0)
                    claim = f"21日零时至24时，{region}新增本土确诊病例{value}例。"
                for kind in injected:
                    _inject(rng, paras, kind, claim)
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            head = (
                f"2022年{month}月{day}日{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} | "
                f"来源：{rng.choice(SOURCES)}"
            )
            title = paras[0][: rng.randint(8, 24)].rstrip("，。")
            text = "\n\n".join([title, head, *paras]) + "\n"
        total += len(text.encode("utf-8"))
        yield {"id": f"d{n:07d}", "text": text, "pool": source, "injected": injected}


BULLETIN_BYTES = (300, 800)
"""UTF-8 size of a short bulletin: a wire brief, a notice, a one-paragraph news item."""

_BULLETIN_LEADS = [
    "本报讯",
    "新华社消息",
    "记者从有关部门获悉",
    "据{source}报道",
    "{region}讯",
]


def _clip(text: str, budget: int) -> str:
    """``text`` cut at the last sentence end that fits ``budget`` UTF-8 bytes (or at the
    budget itself when no sentence ends inside it)."""
    if len(text.encode("utf-8")) <= budget:
        return text
    cut = text.encode("utf-8")[:budget].decode("utf-8", "ignore")
    end = max((m.end() for m in _SPLIT.finditer(cut)), default=0)
    return cut[:end] if end >= len(cut) // 2 else cut


def bulletins(size: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Short news bulletins of 300-800 bytes, records as ``documents`` yields them.

    A bulletin is what a wire service or a city portal publishes by the thousand: a
    title, a date and source line, one or two paragraphs of real text, sometimes a figure
    (``...新增本土确诊病例N例``) or an editor line. About 30% carry one injected defect of
    the same kinds as the long documents (a bulletin is too short for three).
    """
    rng = random.Random(seed)
    pools, _, _ = load_pool()
    total = n = 0
    lo, hi = BULLETIN_BYTES
    while total < size:
        n += 1
        target = rng.randint(lo, hi)
        region, source = rng.choice(REGIONS), rng.choice(SOURCES)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        lead = rng.choice(_BULLETIN_LEADS).format(source=source, region=region[:2])
        paras = [lead + "，" + rng.choice(pools["web"])]
        if rng.random() < 0.5:
            paras.append(rng.choice(pools["web"]))
        if rng.random() < 0.25:
            value = rng.choice([12, 37, 178, 1024])
            paras.insert(1, f"{day}日0时至24时，{region}新增本土确诊病例{value}例。")
        injected: list[str] = []
        if rng.random() < 0.3:
            injected = [rng.choice(DEFECTS)]
            claim = f"{day}日零时至24时，{region}新增本土确诊病例{rng.choice([178, 187])}例。"
            _inject(rng, paras, injected[0], claim)
        title = paras[0][len(lead) + 1 :][: rng.randint(8, 20)].rstrip("，。") or lead
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        head = f"2022年{month}月{day}日{clock} 来源：{source}"
        tail = "（责任编辑：王小明）" if rng.random() < 0.3 else ""
        fixed = len(f"{title}\n{head}\n{tail}\n".encode())
        body = _clip("\n".join(paras), max(lo - fixed, target - fixed))
        text = "\n".join(x for x in (title, head, body, tail) if x) + "\n"
        while len(text.encode("utf-8")) < lo:  # a short pool paragraph: one more
            text += _clip(rng.choice(pools["web"]), hi - 1 - len(text.encode("utf-8"))) + "\n"
        total += len(text.encode("utf-8"))
        yield {"id": f"b{n:07d}", "text": text, "pool": "bulletin", "injected": injected}


def write(out: Path, fmt: str, size: int, seed: int, kind: str = "pages") -> dict[str, Any]:
    """Write the corpus; returns what was written (documents, bytes, pool).

    ``kind``: ``pages`` (web pages of a few KB) or ``bulletins`` (300-800 bytes each).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    docs = 0
    text_bytes = 0
    source = bulletins if kind == "bulletins" else documents
    if fmt == "dir":
        out.mkdir(parents=True, exist_ok=True)
        labels = {}
        for rec in source(size, seed):
            (out / f"{rec['id']}.txt").write_text(rec["text"], encoding="utf-8")
            labels[rec["id"]] = rec["injected"]
            docs += 1
            text_bytes += len(rec["text"].encode("utf-8"))
        (out / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = list(source(size, seed))
        docs = len(rows)
        text_bytes = sum(len(r["text"].encode("utf-8")) for r in rows)
        pq.write_table(pa.Table.from_pylist(rows), out, row_group_size=2048)
    else:
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in source(size, seed))
        if fmt == "jsonl.gz":
            fh: Any = gzip.open(out, "wt", encoding="utf-8", compresslevel=6)
        elif fmt == "jsonl.zst":
            import zstandard

            fh = zstandard.open(out, "wt", encoding="utf-8")
        else:
            fh = out.open("w", encoding="utf-8")
        with fh:
            for line in lines:
                rec = json.loads(line)
                docs += 1
                text_bytes += len(rec["text"].encode("utf-8"))
                fh.write(line)
    return {"documents": docs, "text_bytes": text_bytes, "pool": load_pool()[2]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", type=parse_size, default=parse_size("10MB"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--format", choices=["jsonl", "jsonl.gz", "jsonl.zst", "parquet", "dir"], default="jsonl"
    )
    ap.add_argument("--kind", choices=["pages", "bulletins"], default="pages")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "corpus.jsonl")
    ns = ap.parse_args()
    info = write(ns.out, ns.format, ns.size, ns.seed, ns.kind)
    print(
        f"wrote {info['documents']} documents, {info['text_bytes'] / 1e6:.1f} MB of text "
        f"to {ns.out} (pool: {info['pool']})"
    )


if __name__ == "__main__":
    main()
