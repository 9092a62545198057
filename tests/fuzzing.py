"""Hostile documents and the properties every run must keep on them.

Shared by the CI fuzz suite (``tests/test_fuzz.py``, about a minute) and the longer
campaign (``bench/fuzz.py --minutes N``). A document is bytes and a file name; the
check lints it, fixes it twice and asserts:

* no traceback, and no rule crash (SL009 is a detector's traceback caught);
* the exit code is 0, 1 or 2, as documented;
* a second ``--fix`` changes nothing (the first reached a fixed point);
* every changed region is covered by a reported fix edit: replaying the applied edits,
  in order, on the text as read gives exactly the text as written;
* no document becomes empty unless it was, nor white space only unless it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import strategies as st

from seedlint.engine import RuleSet, source_options
from seedlint.model import Applicability
from seedlint.runner import RunOptions, RunResult, run
from seedlint.sources import iter_units, parse_unit
from seedlint.testing import ruleset_for

NAMES = ["doc.txt", "doc.md", "doc.html", "doc.jsonl"]

# Characters that break naive text handling: combining marks, bidi controls, zero-width
# and invisible characters, every line separator, NBSP and friends, surrogate-plane
# and private-use characters, and the punctuation the rules key on.
SPECIAL = (
    "\u0301\u0308\u20dd\u3099"  # combining marks
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"  # bidi
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061"  # zero-width, invisible
    "\r\n\u2028\u2029\x85\x0b\x0c"  # line and paragraph separators
    "\u00a0\u3000\u2002\u2003\u202f"  # spaces
    "\U0001f600\U00020000\U000e0001\ue000\U0010fffd"  # astral, tags, private use
    "，。、；：？！（）《》「」【】“”‘’—…·/｜|,.;:?!()[]{}<>&#\"'"
)
FRAGMENTS = [
    "重庆市卫健委今日通报，全市新增本土确诊病例178例。",
    "人民網(wǎng)",
    "領(lǐng)導(dǎo)",
    "&nbsp;",
    "&amp;nbsp;",
    "&amp;amp;#12290;",
    "&#x202e;",
    "\u00a0\u00a0",
    "<br/>",
    "</a>",
    "来源：人民网",
    "2022年11月23日 09:56",
    "本报北京11月22日电",
    "相关阅读",
    "百家乐真人娱乐官网",
    "раураl",
    "2０22",
    "锟斤拷",
    "鈥滄垬鐤",
    "â€œ",
    "{{ title }}",
    "返回顶部",
    "（记者 赖义羡）",
    "(记者 赖义羡)",
    "20日,重庆市",
    "以哪個為準?核酸檢測",
    "---\ntitle: x\n---\n",
    "一二三四五六七八九十百千万亿",
    "共排查出208429人，其中重庆市户籍199213人，占总数的95.6%。",
]
LINE_ENDS = ["\n", "\r\n", "\r", "\u2028", "\u2029", ""]


def unicode_text() -> st.SearchStrategy[str]:
    """Text from every plane, mixed with the characters and fragments rules react to."""
    any_char = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be stored
    piece = st.one_of(
        st.text(any_char, max_size=20),
        st.text(st.sampled_from(SPECIAL), max_size=20),
        st.sampled_from(FRAGMENTS),
        st.sampled_from(LINE_ENDS),
    )
    return st.lists(piece, max_size=40).map("".join)


def shapes() -> st.SearchStrategy[str]:
    """The adversarial shapes of the issue, at sizes a CI minute allows."""
    n = st.integers(min_value=1, max_value=3000)
    return st.one_of(
        st.builds(lambda k, f: (f * k)[:20000], n, st.sampled_from(FRAGMENTS)),  # one line
        st.builds(lambda k, c: (c + "\n") * k, n, st.sampled_from(["a", "一", "，", "。", ""])),
        st.builds(
            lambda k, o: o[0] * k + "中" + o[1] * k,
            n,
            st.sampled_from(["()", "（）", "[]", "【】", "《》", "「」", "{}", "<>", "“”"]),
        ),
        st.builds(lambda k, c: c * k * 4, n, st.sampled_from([*SPECIAL[:60], "a", "中"])),
        st.builds(lambda k, c: c * k * 4, n, st.sampled_from(["0", "9", "〇", "一", "十", "万"])),
        st.builds(
            lambda k, d: ("甲" + d) * k * 2, n, st.sampled_from(["/", "｜", "、", ",", " ", "|"])
        ),
    )


def encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """UTF-8 mostly, and the legacy encodings a fix must not crash on."""

    def enc(t: str, e: str) -> bytes:
        return t.encode(e, errors="ignore")

    return st.builds(
        enc,
        text,
        st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "gb18030", "big5", "cp949"]),
    )


def documents() -> st.SearchStrategy[tuple[bytes, str]]:
    data = st.one_of(encoded(unicode_text()), encoded(shapes()), st.binary(max_size=2000))
    return st.tuples(data, st.sampled_from(NAMES))


@contextmanager
def workdir() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="seedlint-fuzz-"))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def default_ruleset() -> RuleSet:
    return ruleset_for(expected_script="zh-Hans")


def _read_full(path: Path, root: Path, rs: RuleSet) -> list[str]:
    sopts = source_options(rs.cfg)
    out = []
    for unit in iter_units([path], root, sopts):
        sf = parse_unit(unit, sopts)
        out.extend(d.head + d.text for d in sf.documents if d.container == "file")
    return out


def _run(root: Path, rs: RuleSet, fix: Applicability | None) -> RunResult:
    res = run([root], rs, root, RunOptions(fix=fix))
    code = res.exit_code()
    assert code in (0, 1, 2), f"exit code {code}"
    crashed = [f for f in res.report.findings if f.code == "SL009"]
    assert not crashed, f"a rule crashed: {crashed[0].message}"
    return res


def check_document(
    raw: bytes, name: str, rs: RuleSet, level: Applicability = Applicability.SAFE
) -> None:
    """Every property of the module docstring, on one document (AssertionError if not)."""
    with workdir() as root:
        path = root / name
        path.write_bytes(raw)
        before = _read_full(path, root, rs)
        _run(root, rs, None)
        first = _run(root, rs, level)
        once = path.read_bytes()
        second = _run(root, rs, level)
        again = path.read_bytes()
        assert again == once, "a second --fix changed the file again: " + repr(
            [(f.code, f.before, f.after) for d in second.report.documents for f in d.fixes][:5]
        )
        if once == raw:
            return
        after = _read_full(path, root, rs)
        if not after and len(before) == 1 and not before[0]:
            return  # an empty document with a BOM lost its BOM: still empty
        assert len(before) == len(after) == 1, "a fixed file no longer reads as one document"
        full = before[0]
        for fx in (f for d in first.report.documents for f in d.fixes):
            if fx.kind != "edit":
                continue
            assert full[fx.start : fx.end] == fx.before, f"{fx.code}: edit not where reported"
            full = full[: fx.start] + fx.after + full[fx.end :]
        assert full == after[0], "the file changed outside the reported fix edits"
        if before[0].strip():
            assert after[0].strip(), "a fix left only white space"
        if before[0]:
            assert after[0], "a fix emptied the document"
