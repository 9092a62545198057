"""``file-encoding``: a file that is not plain UTF-8, or carries a byte-order mark.

Everything downstream of the corpus (tokenisers, dedup hashes, the gate itself) reads
UTF-8; a GBK or Big5 file read as UTF-8 turns into U+FFFD soup, and a BOM becomes an
invisible U+FEFF glued to the first word. The sources stage already decoded the file
(strict UTF-8 first, then charset-normalizer); this rule reports what it found and
offers the file-level fix "write it back as UTF-8".

Transcoding is only *safe* when the detection is unambiguous: charset-normalizer is
confident and every near-equal alternative it considered decodes the bytes to the same
text (GBK and GB18030 agree on GBK files, so that pair is no ambiguity). Otherwise the
fix is offered as unsafe, because writing UTF-8 from a wrong guess would bake mojibake
into the file for good.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, register

UTF8_NAMES = {"utf-8", "utf_8", "utf8", "ascii"}
BOM = "\ufeff"


class FileEncodingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    """Below this charset-normalizer confidence the transcoding fix is only unsafe."""
    short_file_bytes: int = Field(default=1024, ge=0)
    """Files shorter than this give charset-normalizer too little to tell a Japanese,
    Korean or UTF-16 reading from a Chinese one: such a guess is never a safe fix."""


# Readings that short Chinese files get by accident (real Sogou titles came out as
# Shift-JIS katakana, UTF-16-BE, CP949 Hangul and EUC-JP kanji, all with confidence 1.0).
_SHORT_FILE_SUSPECTS = (
    "shift",
    "cp932",
    "euc_j",
    "iso2022",
    "utf_16",
    "utf_32",
    "cp949",
    "euc_kr",
    "johab",
    "ptcp154",
    "kz1048",
)


def _suspect_on_short_file(doc: Document, limit: int) -> bool:
    if doc.raw is None or doc.had_bom or len(doc.raw) >= limit:
        return False
    name = doc.encoding.lower().replace("-", "_")
    return name.startswith(_SHORT_FILE_SUSPECTS)


def display_name(encoding: str) -> str:
    name = encoding.replace("_", "-").lower()
    return {"utf-8-sig": "UTF-8 with BOM", "cp950": "Big5 (cp950)", "cp936": "GBK (cp936)"}.get(
        name, name.upper()
    )


def ambiguous_alternatives(doc: Document) -> list[str]:
    """Alternatives charset-normalizer weighed that would give a different text."""
    if doc.raw is None:
        return list(doc.encoding_alternatives)
    decoded = doc.head + doc.text
    if doc.source_map is not None:
        # An HTML page's text is its text nodes: compare with the page as decoded.
        try:
            decoded = doc.raw.decode(doc.encoding)
        except (UnicodeDecodeError, LookupError):
            return list(doc.encoding_alternatives)
    out = []
    for alt in doc.encoding_alternatives:
        try:
            if doc.raw.decode(alt) == decoded:
                continue
        except (UnicodeDecodeError, LookupError):
            continue  # an alternative that cannot even decode the bytes is no rival
        out.append(alt)
    return out


@register
class FileEncodingDetector(Detector):
    kind = "file-encoding"
    Params = FileEncodingParams

    def check(self, doc: Document) -> Iterator[Hit]:
        p: FileEncodingParams = self.params
        enc = doc.encoding.lower().replace("_", "-")
        # An HTML page is a file too (its findings carry no fix: transcoding it would
        # leave its ``<meta charset>`` naming the old encoding).
        if doc.container in ("file", "html") and doc.raw is not None:
            if enc == "utf-8-sig":
                # With a second U+FEFF right after the mark, dropping the mark writes bytes
                # that read back with a mark again: the text's own U+FEFF goes first (the
                # finding below), then the mark, so a second --fix has nothing to do.
                doubled = doc.text.startswith(BOM)
                yield Hit(
                    0,
                    0,
                    message="UTF-8 byte-order mark (EF BB BF) at the start of the file",
                    encoding=None if doubled else "utf-8",
                    edits=None if doubled else [],
                    fix_description=""
                    if doubled
                    else "rewrite the file as UTF-8 without the byte-order mark",
                    severity="warning",
                )
            elif enc not in UTF8_NAMES:
                rivals = ambiguous_alternatives(doc)
                confident = doc.encoding_confidence >= p.min_confidence and not (
                    _suspect_on_short_file(doc, p.short_file_bytes)
                )
                detail = f"detected with confidence {doc.encoding_confidence:.2f}"
                if rivals:
                    detail += "; could also be " + ", ".join(display_name(a) for a in rivals)
                bom = " with a byte-order mark" if doc.had_bom else ""
                yield Hit(
                    0,
                    0,
                    message=(
                        f"file is encoded as {display_name(doc.encoding)}{bom}, not UTF-8 "
                        f"({detail})"
                    ),
                    data={"encoding": doc.encoding, "confidence": doc.encoding_confidence},
                    encoding="utf-8",
                    edits=[],
                    applicability=(
                        None if (confident and not rivals) or doc.had_bom else Applicability.UNSAFE
                    ),
                    fix_description=f"transcode from {display_name(doc.encoding)} to UTF-8",
                )
        # A BOM inside the decoded text: a doubled BOM, or one that survived in a record
        # or a string that was decoded without "utf-8-sig".
        if doc.text.startswith(BOM) and not doc.head:
            yield Hit(
                0,
                1,
                message="byte-order mark U+FEFF at the start of the text",
                edits=[Edit(start=0, end=1, replacement="")],
                fix_description="delete the byte-order mark",
                severity="warning",
            )
