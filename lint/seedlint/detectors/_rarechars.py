"""One scan for the rare characters the invisible-character and confusable rules need.

Each of those rules starts with the same kind of question: does the text hold any
character of a class (C0/C1 controls, zero-width characters, bidi controls, no-break
spaces, Greek or Cyrillic letters, full-width letters and digits, private-use
characters)? Most documents hold
none, and a regex pass over a character class costs the same whatever the class, so six
passes cost six times one. Here one pass over the union of the classes lists the distinct
characters present; a class matches the text exactly when it matches that short list
(each class is part of the union), so the rules ask the list, not the text.
"""

from __future__ import annotations

import re

from seedlint.detectors._charcount import distinct_chars
from seedlint.document import Document

CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 controls other than tab and line breaks, DEL and the C1 controls."""
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u2061\u2062\u2063\u2064"
BIDI_EMBED = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_MARKS = "\u200e\u200f\u061c"
NBSP = "\xa0\u202f\u2007"
GREEK = "\u0370-\u03ff\u1f00-\u1fff"
CYRILLIC = "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
FW_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
PRIVATE_USE = "\ue000-\uf8ff"

_UNION = re.compile(
    f"[{CONTROLS}{ZERO_WIDTH}{BIDI_EMBED}{BIDI_MARKS}{NBSP}{GREEK}{CYRILLIC}{FW_ALNUM}{PRIVATE_USE}]"
)


def rare_chars(doc: Document) -> str:
    """The distinct characters of the classes above that ``doc.text`` holds (often none),
    found by one pass and memoised for every rule asking."""
    found: str | None = doc.cache.get("rare-chars")
    if found is None:
        found = doc.cache["rare-chars"] = "".join(distinct_chars(_UNION, doc.text))
    return found
