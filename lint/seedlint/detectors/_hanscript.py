"""Which Han characters belong to only one of Traditional and Simplified Chinese.

Shared by the mixed-script detectors. The character sets are derived from OpenCC's own
conversion tables (the ones its converters run on), never from a hand list, so they move
with OpenCC releases:

* a character is *Traditional-only* when OpenCC's Traditional->Simplified character table
  converts it and never to itself, it is not itself a Simplified form (no entry in the
  Simplified->Traditional table), and it is not in GB2312, the Simplified standard set;
* a character is *Simplified-only* when the Simplified->Traditional table converts it and
  never to itself, it is not a Traditional form (no Traditional->Simplified entry, not a
  Taiwan or Hong Kong standard variant), and it is not in Big5, the Traditional standard
  set (as code page 950 writes it: with the ETEN extensions, so the Hong Kong form ``恒``
  of ``恆``, as in ``恒生銀行``, is valid in both scripts).

The codec conditions are what make ``并``, ``群``, ``峰`` (Taiwan standard forms that
OpenCC's "standard Traditional" spells ``並 羣 峯``) count as valid in both scripts, and
what keeps ``後`` (also in GB2312) from being evidence on its own. Characters valid in
both scripts are simply absent from both sets, so they can never make a text "mixed".

The exact tables live in OpenCC's binary ``.ocd2`` files; the ``opencc_dict`` tool that
ships with the OpenCC wheel dumps them as text. The derived sets are cached on disk
(keyed by a hash of the dictionary files) and in memory. Where the tool is missing, the
sets are approximated by converting every CJK code point with OpenCC itself (first
candidate only) and applying the same codec conditions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import opencc

Script = Literal["Hans", "Hant"]

# Version of the derivation below: bump it when the rules above change, so stale
# on-disk caches are ignored.
_DERIVATION = "4"

# Han ideographs: Extension A, the URO, compatibility ideographs, Extensions B-H.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CLASS = f"[{HAN_RANGES}]"
_HAN_RE = re.compile(HAN_CLASS)

# CJK ranges probed by the fallback derivation.
_PROBE_RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x2EBEF), (0x30000, 0x3134F)]


def is_han(ch: str) -> bool:
    return bool(ch) and _HAN_RE.match(ch) is not None


@dataclass(frozen=True)
class ScriptSets:
    trad_only: frozenset[str]
    simp_only: frozenset[str]
    source: str
    """``opencc-tables`` (exact) or ``opencc-probe`` (approximation)."""


def _opencc_dir() -> Path:
    return Path(opencc.__file__).resolve().parent


def _dict_files() -> dict[str, Path]:
    share = _opencc_dir() / "clib" / "share" / "opencc"
    names = ["STCharacters", "TSCharacters", "TSCharactersExt", "TWVariants", "HKVariants"]
    return {n: share / f"{n}.ocd2" for n in names if (share / f"{n}.ocd2").is_file()}


def _dump_tool() -> Path | None:
    for name in ("opencc_dict", "opencc_dict.exe"):
        p = _opencc_dir() / "clib" / "bin" / name
        if p.is_file() and os.access(p, os.X_OK):
            return p
    return None


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _derive(
    st: dict[str, list[str]], ts: dict[str, list[str]], variants: Iterable[str], source: str
) -> ScriptSets:
    """Apply the module docstring's definitions to conversion tables (char -> candidates)."""
    trad_valid = set(variants)
    trad = {
        k
        for k, v in ts.items()
        if len(k) == 1 and k not in v and k not in st and not _encodable(k, "gb2312")
    }
    simp = {
        k
        for k, v in st.items()
        if len(k) == 1
        and k not in v
        and k not in ts
        and k not in trad_valid
        and not _encodable(k, "cp950")
    }
    return ScriptSets(frozenset(trad), frozenset(simp), source)


def _read_table(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            table.setdefault(key, []).extend(values.split(" "))
    return table


def _from_tables(tool: Path, files: dict[str, Path]) -> ScriptSets:
    tables: dict[str, dict[str, list[str]]] = {}
    with tempfile.TemporaryDirectory(prefix="seedlint-opencc-") as tmp:
        for name, path in files.items():
            out = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [str(tool), "-i", str(path), "-o", str(out), "-f", "ocd2", "-t", "text"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            tables[name] = _read_table(out)
    ts = dict(tables.get("TSCharactersExt", {}))
    ts.update(tables["TSCharacters"])
    variants = [
        c
        for name in ("TWVariants", "HKVariants")
        for vals in tables.get(name, {}).values()
        for c in vals
    ]
    return _derive(tables["STCharacters"], ts, variants, "opencc-tables")


def _probe() -> ScriptSets:
    """Approximate the tables by converting each CJK code point on its own."""
    chars = [chr(c) for lo, hi in _PROBE_RANGES for c in range(lo, hi + 1)]
    joined = "\n".join(chars)
    t2s = converter("t2s").convert(joined).split("\n")
    s2t = converter("s2t").convert(joined).split("\n")
    if len(t2s) != len(chars) or len(s2t) != len(chars):
        raise RuntimeError("OpenCC changed the number of lines while probing characters")
    # A BMP character whose only Simplified form is astral (an Extension character fonts
    # may lack) is kept in Simplified text as well: OpenCC's main table lists it as its
    # own candidate.
    ts = {
        c: [o]
        for c, o in zip(chars, t2s, strict=True)
        if o != c and len(o) == 1 and (ord(o) < 0x20000 or ord(c) >= 0x20000)
    }
    st = {c: [o] for c, o in zip(chars, s2t, strict=True) if o != c and len(o) == 1}
    # Taiwan and Hong Kong standard forms are Traditional too.
    keys = "\n".join(ts)
    variants = [
        v
        for cfg in ("t2tw", "t2hk")
        for v in converter(cfg).convert(keys).split("\n")
        if len(v) == 1
    ]
    return _derive(st, ts, variants, "opencc-probe")


def _cache_dir() -> Path:
    env = os.environ.get("SEEDLINT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "seedlint"


def _cache_key(files: dict[str, Path]) -> str:
    h = hashlib.sha256(f"{_DERIVATION}|{opencc.__version__}".encode())
    for name in sorted(files):
        h.update(name.encode())
        h.update(files[name].read_bytes())
    return h.hexdigest()[:16]


def _load_cached(path: Path) -> ScriptSets | None:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return ScriptSets(
            frozenset(data["trad_only"]), frozenset(data["simp_only"]), str(data["source"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(path: Path, sets: ScriptSets) -> None:
    """Best effort: a read-only home only costs the derivation again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        data = {
            "source": sets.source,
            "trad_only": "".join(sorted(sets.trad_only)),
            "simp_only": "".join(sorted(sets.simp_only)),
        }
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


@lru_cache(maxsize=1)
def script_sets() -> ScriptSets:
    files = _dict_files()
    tool = _dump_tool()
    exact = tool is not None and "STCharacters" in files and "TSCharacters" in files
    key = _cache_key(files) if exact else f"probe-{_DERIVATION}-{opencc.__version__}"
    path = _cache_dir() / f"hanscript-{key}.json"
    cached = _load_cached(path)
    if cached is not None:
        return cached
    sets: ScriptSets | None = None
    if exact and tool is not None:
        try:
            sets = _from_tables(tool, files)
        except (OSError, subprocess.SubprocessError, KeyError, UnicodeDecodeError):
            sets = None
    if sets is None:
        sets = _probe()
    _store(path, sets)
    return sets


@lru_cache(maxsize=8)
def converter(config: str) -> Any:
    """An OpenCC converter (``t2s``, ``s2t``, ...), built once per process."""
    return opencc.OpenCC(f"{config}.json")


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


# Astral characters are matched by one range and then looked up: Python's ``re`` keeps a
# class of BMP characters as a bitmap (a scan runs at hundreds of MB/s) and a range costs
# nothing more, but a list of individual astral characters turns the class into a slow
# linear search.
@dataclass(frozen=True)
class ScriptMatchers:
    trad: re.Pattern[str]
    simp: re.Pattern[str]


@lru_cache(maxsize=1)
def matchers() -> ScriptMatchers:
    s = script_sets()

    def compile_set(chars: frozenset[str]) -> re.Pattern[str]:
        bmp = _char_class(c for c in chars if ord(c) < 0x10000)
        astral = [c for c in chars if ord(c) >= 0x10000]
        span = f"{min(astral)}-{max(astral)}" if astral else ""
        return re.compile(bmp[:-1] + span + "]")

    return ScriptMatchers(compile_set(s.trad_only), compile_set(s.simp_only))


def _pattern(script: Script) -> tuple[re.Pattern[str], frozenset[str]]:
    m, s = matchers(), script_sets()
    return (m.trad, s.trad_only) if script == "Hant" else (m.simp, s.simp_only)


def find_script_chars(
    text: str, script: Script, start: int = 0, end: int | None = None
) -> list[str]:
    """Every Traditional-only (``Hant``) or Simplified-only (``Hans``) character in text
    (in ``text[start:end]`` when given, without copying it)."""
    rx, chars = _pattern(script)
    found: list[str] = rx.findall(text, start, len(text) if end is None else end)
    if found and max(found) > "\uffff":
        found = [c for c in found if c < "\U00010000" or c in chars]
    return found


def contains_script(text: str, script: Script, start: int = 0, end: int | None = None) -> bool:
    rx, chars = _pattern(script)
    stop = len(text) if end is None else end
    m = rx.search(text, start, stop)
    while m is not None:
        c = m.group()
        if c < "\U00010000" or c in chars:
            return True
        m = rx.search(text, m.end(), stop)
    return False


def next_script_char(text: str, script: Script, start: int = 0) -> int:
    """Offset of the first one-script character of ``script`` from ``start`` on, or -1."""
    rx, chars = _pattern(script)
    m = rx.search(text, start)
    while m is not None:
        c = m.group()
        if c < "\U00010000" or c in chars:
            return m.start()
        m = rx.search(text, m.end())
    return -1


SCRIPT_NAMES: dict[str, str] = {"Hant": "Traditional", "Hans": "Simplified"}
TO_CONFIG: dict[str, str] = {"Hans": "t2s", "Hant": "s2t"}
