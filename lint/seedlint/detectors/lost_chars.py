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

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from seedlint.detectors.cjk_mojibake import cached_segments
from seedlint.detectors.latin_mojibake import cached_latin_spans
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, LoadContext, register
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


def _line_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    return ls, len(text) if le == -1 else le


def _bracket_hint(text: str, s: int, e: int) -> str:
    """An opening (closing) bracket, when the line closes (opens) one it never opened."""
    ls, le = _line_bounds(text, s, e)
    depth = 0
    for c in text[ls:s]:
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
    for c in text[e:le]:
        if c in _OPEN:
            break
        if c in _CLOSE:
            if depth == 0:
                return "an opening bracket"
            break
    if depth > 0 and not any(c in _CLOSE for c in text[e:le]):
        return "a closing bracket"
    return ""


@register
class LostCharsDetector(Detector):
    kind = "lost-characters"
    Params = LostCharsParams

    def __init__(self, rule: RuleSpec, params: LostCharsParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.question = re.compile(params.question_pattern)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: LostCharsParams = self.params
        if p.what == "replacement":
            yield from self._replacement(doc)
        else:
            yield from self._question_marks(doc.text, p)

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
                    data={"hint": self._hint(text, s, e, tag)},
                    edits=[Edit(start=s, end=e, replacement="")],
                    applicability=Applicability.UNSAFE,
                    fix_description="delete the debris of lost characters",
                )
                continue
            if not tag:
                if _sentence_final(post) and pre not in "“‘「『（《【":
                    # `學?` at a line end, `是你? 怎麼了`: how questions end (`“??”` does not)
                    continue
                cjk_pre, cjk_post = is_cjk(pre), is_cjk(post)
                if not (cjk_pre or cjk_post):
                    continue
                if not cjk_pre and pre.isascii() and not pre.isdigit() and pre not in "\n )":
                    continue  # `Why?因为`, `啦~?有`: a Latin question, a punctuation cluster
                token_start = max(text.rfind(" ", 0, s), text.rfind("\n", 0, s)) + 1
                if _URL_TOKEN.search(text, token_start, s):
                    continue
                if self._is_question(text, s, p.sentence_window):
                    continue
            yield Hit(s, e, data={"hint": self._hint(text, s, e, tag)})

    def _is_question(self, text: str, s: int, window: int) -> bool:
        lo = max(0, s - window)
        start = max(text.rfind(c, lo, s) for c in _SENTENCE_END) + 1
        return self.question.search(text[max(lo, start) : s]) is not None

    @staticmethod
    def _hint(text: str, s: int, e: int, tag: bool) -> str:
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
        ls, _ = _line_bounds(text, s, e)
        if post in "(（" or (s > 0 and text[s - 1] in ")）"):
            return "; probably a space (a no-break or full-width space the encoding lacked)"
        if not text[ls:s].strip() and e - s >= 2:
            return "; probably the full-width spaces of an indent"
        title_open = text.rfind("《", ls, s)
        if e - s == 1 and title_open > text.rfind("》", ls, s) and "》" in text[e : e + 40]:
            return "; probably a middle dot `·` (in a name, or between a book and its chapter)"
        if text[s:e] == "??" and s > ls and is_cjk(text[s - 1]) and post.strip():
            return "; probably a dash `——`"
        bracket = _bracket_hint(text, s, e)
        return f"; probably {bracket}" if bracket else ""
