"""``lost-characters``: U+FFFD, and `?` standing where an encoder dropped a character.

Two ways a character disappears on its way through a wrong encoding:

* a decoder meets bytes it cannot read and writes U+FFFD (``what: replacement``);
* an *encoder* meets a character its target lacks (a no-break space or `…` going into
  GB2312 or Big5) and writes `?` (``what: question-marks``). Seed 000 shows both kinds:
  `電??(記者` (two spaces of the dateline) and `問題?!?/a>` (`?/a>` is a `</a>` whose
  `<` went down with the byte before it).

Neither can be repaired; the message says what was probably there when the
surroundings tell (a space before a bracket, an indent, a bracket whose partner is
missing, the `<` of a tag). One kind of `?` is debris rather than a placeholder for
text: the run before a tag (`問題?!?/a>`) and the same run once the tag was stripped,
a mixed `?`/`!` run such as `?!?` ending a line (`最關心的問題?!?`). Its removal is
offered as an unsafe fix: characters were lost there, and a reviewer decides that the
remains are not real punctuation.

A `?` is only suspect inside Chinese text, and a Chinese question is not a loss: the
sentence before the mark is searched for question words and particles (`嗎`, `呢`,
`如何`, `是否`, `A不A`...), configurable in the rule. `保障嗎?` is a question;
`本報重慶11月22日電??(記者` is not. Question marks in URLs and after Latin words are
left alone. U+FFFD inside a stretch the CJK or Latin mojibake rules repair is theirs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from seedlint.detectors._regex import BudgetedRegex
from seedlint.detectors.cjk_mojibake import cached_segments
from seedlint.detectors.latin_mojibake import cached_latin_spans
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec

DEFAULT_QUESTION = (
    r"[吗嗎呢么麼吧嘛咩呀啊吖哇哦喔啦咧哩囉ㄚ]\s*$"
    r"|什么|什麼|怎|哪|谁|誰|何|几|幾|多少|是否|能否|可否|难道|難道|岂|豈|咋|啥"
    r"|还是|還是|(\S)[不没沒]\1"
)
_TAG_AFTER = re.compile(r"/(?:a|p|b|i|em|strong|span|div|li|td|th|tr|font|h[1-6])>")
_QRUN = re.compile(r"\?[?!]*\?|\?")
# A `?` run mixing in `!` (`?!?`, `??!?`) that ends a line (trailing spaces aside): the
# remains of `?!?/a>` once the tag was stripped. `?!` and `??` alone are how informal
# questions end, so the run must start and end with `?` and hold a `!`.
_DEBRIS_RUN = re.compile(r"\?[?!]*![?!]*\?")
_LINE_END = re.compile(r"[ \t\r]*(?:\n|$)")
_SENTENCE_END = "。！？!?；;\n"
_OPEN = "(（［[【「《"
_CLOSE = ")）］]】」》"
_URL_TOKEN = re.compile(r"(?:://|www\.|[=&/])")
_BRACKETS = "[" + re.escape(_OPEN + _CLOSE) + "]"
_MIN_RUN = 4
"""Shortest run of `?` with no Han neighbour read as a lost word: `??` and `???` end
informal questions in any script."""
_GLUE = "-|_/\\,.:;~+*=#>»•·"
"""Separators of titles and site names that glue a run of `?` to the text around it."""
_RUN_HINT = (
    "; {n} `?` with no Han character beside them: whole words or a title were lost (a "
    "Chinese page written through an encoding without Han characters)"
)
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_CHINESE_MIN = 20
"""Han characters a text needs for its placeholder runs to be read as lost Chinese."""


_COPYRIGHT = re.compile(r"(?i)(?:copyright|\(c\))\s*$")
_YEAR_AFTER = re.compile(r"\s*(?:19|20)\d\d")
_LINE_START_OWNER = re.compile(r" (?:(?:19|20)\d\d\b|[A-Z][A-Za-z&.]+ M{1,3}[CDLXVI]*\b)")
"""What follows a `?` that starts a line and stood for `©`: a year (`? 2021 某公司`) or an
owner and a Roman-numeral year (`? BBC MMV`)."""
_IPA = re.compile(r"\[([A-Za-z?/,.:]{1,16})\]")
_CRUMB = re.compile("首页|首頁|当前位置|當前位置|您的位置|你的位置|所在位置")


def _lost_symbol(index: _Index, s: int, e: int) -> str:
    """The hint for a lone `?` where a symbol the encoding lacked stood, in the two
    places where spaces around it would otherwise read as a question's end: the `©` of
    `Copyright ? 2022`, and a breadcrumb's `>` or `»` between two Han words of a
    `首頁 ? 產品中心` line. Empty when neither."""
    if e - s != 1:
        return ""
    text = index.text
    if _COPYRIGHT.search(text, max(0, s - 12), s) and _YEAR_AFTER.match(text, e):
        return "; probably the copyright sign `©`"
    if _LINE_START_OWNER.match(text, e) and index.blank_before(index.line_bounds(s, e)[0], s):
        return "; probably the copyright sign `©` starting a notice"
    if (
        0 < s - 1
        and e + 1 < len(text)
        and text[s - 1] == " " == text[e]
        and is_cjk(text[s - 2])
        and is_cjk(text[e + 1])
    ):
        ls, _ = index.line_bounds(s, e)
        if _CRUMB.search(text, ls, min(s, ls + 30)):
            return "; probably a breadcrumb separator (`>` or `»`)"
    return ""


_IPA_HINT = "; phonetic symbols (IPA letters and marks) lost inside a bracketed transcription"


def _transcription(text: str, s: int) -> tuple[int, int] | None:
    """The span of a bracketed phonetic transcription holding the `?` at ``s``, when
    the encoding lost its IPA letters: `[??]`, `[t?]`, `[?p?/?t?/?k?]` (a GB2312 page
    on Chinese dialects). Only ASCII letters, `?` and `/ , . :` between the brackets, at
    most 16 of them, and more than a lone `?` (`[?]` is a wiki's help link)."""
    lo = text.rfind("[", max(0, s - 16), s + 1)
    if lo == -1:
        return None
    m = _IPA.match(text, lo)
    if m is None or m.end() <= s or m.group(1) == "?":
        return None
    return m.start(1), m.end(1)


def _chinese_page(text: str) -> bool:
    """Whether the text holds at least ``_CHINESE_MIN`` Han characters: a run of `?`
    glued to separators is a lost Chinese word only on a page written in Chinese."""
    n = 0
    for _ in _HAN.finditer(text):
        n += 1
        if n >= _CHINESE_MIN:
            return True
    return False


_RUN_KEY = "lost_run"
"""Marks a hit of ``_placeholder_run`` (its `?` count) until the runs are merged."""


def _merge_placeholder_runs(text: str, hits: Iterator[Hit]) -> Iterator[Hit]:
    """One finding per stretch of placeholder runs: `????????????|??????????-????` is one
    lost title, not three findings. Runs join across one or two separators on one line."""
    pending: Hit | None = None
    for hit in hits:
        if _RUN_KEY in hit.data:
            gap = text[pending.end : hit.start] if pending is not None else ""
            if pending is not None and 0 < len(gap) <= 2 and all(c in _GLUE for c in gap):
                count = pending.data[_RUN_KEY] + hit.data[_RUN_KEY]
                pending = Hit(pending.start, hit.end, data={_RUN_KEY: count})
                continue
            if pending is not None:
                yield _placeholder_hit(pending)
            pending = hit
            continue
        if pending is not None:
            yield _placeholder_hit(pending)
            pending = None
        yield hit
    if pending is not None:
        yield _placeholder_hit(pending)


def _placeholder_hit(hit: Hit) -> Hit:
    return Hit(hit.start, hit.end, data={"hint": _RUN_HINT.format(n=hit.data[_RUN_KEY])})


def is_cjk(c: str) -> bool:
    if not c:
        return False
    o = ord(c)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or o >= 0x20000
        or c in "“”‘’…—"
    )


class LostCharsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    what: Literal["replacement", "question-marks"]
    question_pattern: str = DEFAULT_QUESTION
    """Regex searched in the sentence before a `?`: a hit makes it a real question."""
    sentence_window: int = Field(default=120, ge=10)
    """How far back (characters) the sentence before a `?` is searched."""

    @field_validator("question_pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"bad regex: {exc}") from None
        return v


def _sentence_final(post: str) -> bool:
    """What follows a `?` that ends a question: space, line end, closing punctuation.

    An opening bracket does not end a question (`電??(記者`), and Chinese text runs on
    without spaces, so a `?` followed by a Han character or `，` is suspect.
    """
    if not post or post.isspace() or post in "”’」』）》】…":
        return True
    return post.isascii() and not post.isalnum() and post not in "(["


class _Index:
    """Where the newlines, spaces, brackets and URL marks of a text are, found in one
    pass each, so the questions asked about each `?` (its line, the token it is in, the
    brackets its line leaves open) are bisections, not scans of the line: a line of
    `中?` repeated 32,000 times took 34 s when each `?` rescanned its line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.breaks = [m.start() for m in re.finditer("[ \n]", text)]
        self.url_chars = [m.start() for m in re.finditer("[=&/]", text)]
        self.www = [m.start() for m in re.finditer("www\\.", text)]
        self.title_open = [m.start() for m in re.finditer("《", text)]
        self.title_close = [m.start() for m in re.finditer("》", text)]
        self.marks: list[int] = []
        self.opens: list[bool] = []
        self.depth_after: list[int] = []
        self.closes: list[int] = []
        depth, line = 0, 0
        for m in re.finditer(_BRACKETS, text):
            pos = m.start()
            here = bisect.bisect_right(self.newlines, pos)
            if here != line:
                depth, line = 0, here
            is_open = m.group() in _OPEN
            if is_open:
                depth += 1
            else:
                self.closes.append(pos)
                if depth:
                    depth -= 1
            self.marks.append(pos)
            self.opens.append(is_open)
            self.depth_after.append(depth)
        self._first_text: dict[int, int] = {}

    def line_bounds(self, s: int, e: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.newlines, s)
        ls = self.newlines[i - 1] + 1 if i else 0
        j = bisect.bisect_left(self.newlines, e)
        le = self.newlines[j] if j < len(self.newlines) else len(self.text)
        return ls, le

    def token_start(self, s: int) -> int:
        """After the last space or newline before ``s``."""
        i = bisect.bisect_left(self.breaks, s)
        return self.breaks[i - 1] + 1 if i else 0

    def url_between(self, lo: int, hi: int) -> bool:
        """Whether ``_URL_TOKEN`` matches within ``text[lo:hi]`` (a `://` holds a `/`)."""
        i = bisect.bisect_left(self.url_chars, lo)
        if i < len(self.url_chars) and self.url_chars[i] < hi:
            return True
        j = bisect.bisect_left(self.www, lo)
        return j < len(self.www) and self.www[j] + 4 <= hi

    @staticmethod
    def _last_before(positions: list[int], lo: int, hi: int) -> int:
        """The last position in ``[lo, hi)``, or -1 (as ``str.rfind``)."""
        i = bisect.bisect_left(positions, hi)
        return positions[i - 1] if i and positions[i - 1] >= lo else -1

    def title_open_before(self, ls: int, s: int) -> int:
        return self._last_before(self.title_open, ls, s)

    def title_close_before(self, ls: int, s: int) -> int:
        return self._last_before(self.title_close, ls, s)

    def blank_before(self, ls: int, s: int) -> bool:
        """Whether ``text[ls:s]`` is whitespace only (the line's indent)."""
        first = self._first_text.get(ls)
        if first is None:
            first = ls
            while (
                first < len(self.text) and self.text[first].isspace() and (self.text[first] != "\n")
            ):
                first += 1
            self._first_text[ls] = first
        return first >= s

    def bracket_hint(self, s: int, e: int) -> str:
        """An opening (closing) bracket, when the line closes (opens) one it never
        opened: the depth of the line's brackets before ``s``, and the first bracket
        after ``e`` on the line."""
        ls, le = self.line_bounds(s, e)
        i = bisect.bisect_left(self.marks, s)
        depth = self.depth_after[i - 1] if i and self.marks[i - 1] >= ls else 0
        j = bisect.bisect_left(self.marks, e)
        if j < len(self.marks) and self.marks[j] < le and not self.opens[j]:
            if depth == 0:
                return "an opening bracket"
        k = bisect.bisect_left(self.closes, e)
        if depth > 0 and not (k < len(self.closes) and self.closes[k] < le):
            return "a closing bracket"
        return ""


@register
class LostCharsDetector(Detector):
    kind = "lost-characters"
    Params = LostCharsParams

    def __init__(self, rule: RuleSpec, params: LostCharsParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.question = BudgetedRegex(params.question_pattern)

    def triggers(self) -> Triggers | None:
        """A replacement character, or a question mark: each check returns at once
        without its own."""
        return Triggers(literals=("\ufffd",) if self.params.what == "replacement" else ("?",))

    def check(self, doc: Document) -> Iterator[Hit]:
        p: LostCharsParams = self.params
        if p.what == "replacement":
            yield from self._replacement(doc)
        else:
            yield from _merge_placeholder_runs(doc.text, self._question_marks(doc.text, p))

    def _replacement(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if "\ufffd" not in text:
            return
        owned = [(s.start, s.end) for s in cached_segments(doc)]
        owned += [(s.start, s.end) for s in cached_latin_spans(doc)]
        for m in re.finditer("\ufffd+", text):
            if any(a <= m.start() < b for a, b in owned):
                continue
            n = m.end() - m.start()
            hint = ""
            if m.end() == len(text.rstrip()):
                hint = "; at the very end: the text was probably cut inside a multi-byte character"
            yield Hit(m.start(), m.end(), data={"count": n, "hint": hint})

    def _question_marks(self, text: str, p: LostCharsParams) -> Iterator[Hit]:
        if "?" not in text:
            return
        index = _Index(text)
        chinese: bool | None = None  # asked once, when a run with no Han neighbour is met
        skip_to = 0
        for m in _QRUN.finditer(text):
            s, e = m.span()
            pre = text[s - 1] if s else ""
            post = text[e] if e < len(text) else ""
            tag = _TAG_AFTER.match(text, e) is not None
            debris = tag or (
                is_cjk(pre)
                and _DEBRIS_RUN.fullmatch(text, s, e) is not None
                and _LINE_END.match(text, e) is not None
                and not self._is_question(text, s, p.sentence_window)
            )
            if debris:
                yield Hit(
                    s,
                    e,
                    data={"hint": self._hint(index, s, e, tag)},
                    edits=[Edit(start=s, end=e, replacement="")],
                    applicability=Applicability.UNSAFE,
                    fix_description="delete the debris of lost characters",
                )
                continue
            if not tag:
                symbol = _lost_symbol(index, s, e)
                if symbol and not self._is_question(text, s, p.sentence_window):
                    yield Hit(s, e, data={"hint": symbol})
                    continue
                cjk_pre, cjk_post = is_cjk(pre), is_cjk(post)
                if not (cjk_pre or cjk_post):
                    if s < skip_to:
                        continue  # inside a transcription already reported
                    ipa = _transcription(text, s)
                    if ipa is not None:
                        if chinese is None:
                            chinese = _chinese_page(text)
                        if chinese:
                            skip_to = ipa[1]
                            yield Hit(ipa[0], ipa[1], data={"hint": _IPA_HINT})
                        continue
                    if self._placeholder_run(index, s, e, pre, post):
                        if chinese is None:
                            chinese = _chinese_page(text)
                        if chinese:
                            yield Hit(s, e, data={_RUN_KEY: e - s})
                    continue
                if _sentence_final(post) and pre not in "“‘「『（《【":
                    # `學?` at a line end, `是你? 怎麼了`: how questions end (`“??”` does not)
                    continue
                if not cjk_pre and pre.isascii() and not pre.isdigit() and pre not in "\n )":
                    continue  # `Why?因为`, `啦~?有`: a Latin question, a punctuation cluster
                if index.url_between(index.token_start(s), s):
                    continue
                if self._is_question(text, s, p.sentence_window):
                    continue
            yield Hit(s, e, data={"hint": self._hint(index, s, e, tag)})

    @staticmethod
    def _placeholder_run(index: _Index, s: int, e: int, pre: str, post: str) -> bool:
        """A run of `?` with no Han neighbour that stands for a lost word, not for
        punctuation: `-????????????|??????????-` is a Han site name written through an
        encoding without Han (c4zh). Four or more `?` only, nothing else in the run; a
        Latin word, a digit or a space before it makes it how a question ends (`so
        hot ????`, `VIP????`), so the run must be glued to an ASCII separator (`-`, `|`,
        `_`, `,`...) before it, start the line and run on into a separator or a Latin
        word after it, or sit inside a Latin token (`SPRD-1268????01`); alone on its
        line (`????` as a reply) it is not reported.
        Runs inside a URL (`?q=????`) are the URL's."""
        if e - s < _MIN_RUN or "!" in index.text[s:e]:
            return False
        alnum_post = post.isascii() and post.isalnum()
        if pre in ("", "\n"):
            glued = post in _GLUE or alnum_post
        elif pre.isascii() and pre.isalnum():
            glued = alnum_post  # inside a token (`SPRD-1268????01`), not ending a word
        else:
            glued = pre in _GLUE
        return glued and not index.url_between(index.token_start(s), s)

    def _is_question(self, text: str, s: int, window: int) -> bool:
        lo = max(0, s - window)
        start = max(text.rfind(c, lo, s) for c in _SENTENCE_END) + 1
        return self.question.search(text[max(lo, start) : s]) is not None

    @staticmethod
    def _hint(index: _Index, s: int, e: int, tag: bool) -> str:
        text = index.text
        if tag:
            return (
                "; the last `?` probably stood for the `<` of the tag after it, "
                "lost together with the character before it"
            )
        if text[s:e] != "?" and "!" in text[s:e] and _LINE_END.match(text, e):
            return (
                "; a `?`/`!` run ending the line is the debris of lost characters and a "
                "stripped link tag (`?!?/a>`), not punctuation"
            )
        post = text[e] if e < len(text) else ""
        ls, _ = index.line_bounds(s, e)
        if post in "(（" or (s > 0 and text[s - 1] in ")）"):
            return "; probably a space (a no-break or full-width space the encoding lacked)"
        if e - s >= 2 and index.blank_before(ls, s):
            return "; probably the full-width spaces of an indent"
        if (
            e - s == 1
            and index.title_open_before(ls, s) > index.title_close_before(ls, s)
            and "》" in text[e : e + 40]
        ):
            return "; probably a middle dot `·` (in a name, or between a book and its chapter)"
        if text[s:e] == "??" and s > ls and is_cjk(text[s - 1]) and post.strip():
            return "; probably a dash `——`"
        bracket = index.bracket_hint(s, e)
        return f"; probably {bracket}" if bracket else ""
