"""One document entry with a great many claims is written piece by piece, byte for byte.

A line of figures and metric terms run together makes one document entry of tens of
thousands of claims. Read back as one object and dumped as one JSON string, that entry
alone took hundreds of megabytes while the reports were written. The spool now keeps
such an entry's claims beside it in blocks and the reporters read them a block at a time
(``spool.DocumentEntry``): these tests pin that every format is the held report's bytes,
and that writing an entry of 100,000 claims allocates a bounded amount.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import msgpack
import pytest

from seedlint import datacodec
from seedlint import spool as spool_mod
from seedlint.cli import main as cli_main
from seedlint.config import load_config
from seedlint.engine import RuleSet
from seedlint.model import (
    Applicability,
    Category,
    ClaimPeriod,
    ClaimRecord,
    DocumentReport,
    Finding,
    Report,
    Severity,
)
from seedlint.reporters import FORMATS, RenderContext, held_bytes, writer
from seedlint.runner import RunOptions, run
from seedlint.spool import DocumentEntry, DocumentSpool, SpooledReport, SpoolError

FIGURES = (
    "重庆市新增本土确诊病例{a}例，无症状感染者{b}例，其中{c}例为隔离管控人员。"
    "上海市累计报告确诊病例{d}例，死亡病例{e}例。地区生产总值{f}亿元，同比增长{g}%。\n"
)


def _figures(n: int) -> str:
    """``n`` lines of ``FIGURES``, each with its own numbers."""
    return "".join(
        FIGURES.format(a=k, b=k * 3, c=k % 7, d=1000 + k, e=k % 5, f=200 + k, g=k % 9)
        for k in range(n)
    )


def _claim(i: int) -> ClaimRecord:
    """Claims of every shape a reporter meets: fields set or left unset (the review page
    dumps them with ``exclude_unset``), floats and ints, strings that JSON and a
    ``<script>`` element escape."""
    if i % 3 == 0:
        return ClaimRecord.model_construct(metric="new_local_confirmed", value=i, start=i)
    period = ClaimPeriod.model_construct(
        kind="window", text=f"{i % 28 + 1}日0-24时", key=f"day:2022-11-{i % 28 + 1:02d}"
    )
    return ClaimRecord.model_construct(
        id=f"c{i}",
        region="重庆市" if i % 2 else None,
        metric="gdp_growth",
        metric_label="地区生产总值\u2028增长",
        period=period,
        value=i / 7,
        low=i / 7,
        high=None,
        qualifier="about",
        unit="%",
        text=f'增长{i}%</script>"\n',
        start=i,
        end=i + 5,
        comparable=bool(i % 2),
        line=1,
        column=i + 1,
    )


def _report(folder: Path, n_claims: int) -> SpooledReport:
    """A spooled report of three entries: one with ``n_claims`` claims, one with
    exactly one block of them (kept inside the entry), one with none."""
    header = Report(tool_version="0", config_digest="d")
    rep = SpooledReport(header, folder)
    big = DocumentReport(path="big.txt", document="big.txt", sha256="a" * 64, encoding="utf-8")
    big.claims = [_claim(i) for i in range(n_claims)]
    big.provenance = {"source": "甲报", "date": "2022-11-22"}
    rep.docs.add(big)
    edge = DocumentReport(path="edge.txt", document="edge.txt")
    edge.claims = [_claim(i) for i in range(spool_mod.CLAIM_BLOCK)]
    rep.docs.add(edge)
    rep.docs.add(DocumentReport(path="none.txt", document="none.txt", status="unreadable"))
    for doc, claim in (("big.txt", "c1"), ("edge.txt", "c5")):
        rep.pending.add(
            Finding(
                code="C104",
                name="internal-contradiction",
                category=Category.CONTRADICTION,
                severity=Severity.ERROR,
                path=doc,
                document=doc,
                line=1,
                column=2,
                end_line=1,
                end_column=6,
                message="两个数字不一致",
                fingerprint="f" + doc,
                start=1,
                end=5,
                claim=claim,
            )
        )
    return rep


def _written_as_held(source: Any, held: Any, ctx: RenderContext) -> bytes:
    """Every format written from ``source`` is what the held report ``held`` gives, byte
    for byte; returns the JSON report."""
    for fmt in FORMATS:
        buf = BytesIO()
        writer(fmt)(source, ctx, buf)
        assert buf.getvalue() == held_bytes(writer(fmt), held, ctx), fmt
    buf = BytesIO()
    writer("json")(source, ctx, buf)
    return buf.getvalue()


def test_an_entry_with_many_claims_is_the_held_report_byte_for_byte_in_every_format(
    tmp_path: Path,
) -> None:
    rep = _report(tmp_path, 3 * spool_mod.CLAIM_BLOCK + 7)
    entries = list(rep.entries())
    assert [e.count for e in entries] == [3 * spool_mod.CLAIM_BLOCK + 7, spool_mod.CLAIM_BLOCK, 0]
    assert all(e.report.claims == [] for e in entries)
    held = rep.held()
    # The claims read back are the claims added, with the same fields set.
    big = held.documents[0].claims
    assert [c.model_dump(exclude_unset=True) for c in big] == [
        _claim(i).model_dump(exclude_unset=True) for i in range(len(big))
    ]
    ctx = RenderContext(root=tmp_path)
    json_out = _written_as_held(rep, held, ctx)
    assert json_out == held.model_dump_json(indent=2).encode() + b"\n"
    page = held_bytes(writer("html"), held, ctx).decode()
    assert f"Claims ({len(big) + spool_mod.CLAIM_BLOCK}, 2 contradicted)" in page
    rep.close()


def test_a_real_line_of_figures_is_reported_as_the_held_report_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: the claims the analysis really extracts, spooled in blocks."""
    monkeypatch.setattr(spool_mod, "CLAIM_BLOCK", 16)
    docs = tmp_path / "docs"
    docs.mkdir()
    text = _figures(60)
    (docs / "figures.txt").write_text("2022年11月22日 来源：甲报\n" + text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run([Path("docs")], RuleSet.from_config(load_config(None)), tmp_path, RunOptions())
    source = result.source
    (entry,) = list(source.entries())
    assert entry.count > 4 * 16
    held = source.held()
    ctx = RenderContext(root=tmp_path, extra={"documents": result.documents})
    json_out = _written_as_held(source, held, ctx)
    assert json.loads(json_out)["documents"][0]["claims"] == [
        c.model_dump(mode="json") for c in held.documents[0].claims
    ]


def test_writing_an_entry_of_40k_claims_allocates_a_bounded_amount(tmp_path: Path) -> None:
    """Every report of an entry of 40,000 claims (about 16 MB as a JSON string, several
    times that as objects) is written with a few MB allocated at the peak."""
    rep = _report(tmp_path / "spool", 40_000)
    assert rep.header.summary.findings == 2  # finalised: the report is on disk
    gc.collect()
    ctx = RenderContext(root=tmp_path)
    sizes = {}
    for fmt in ("json", "html", "sarif", "text", "junit", "jsonl", "github"):
        out = tmp_path / f"report.{fmt}"
        tracemalloc.start()
        try:
            with out.open("wb") as fh:
                writer(fmt)(rep, ctx, fh)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        sizes[fmt] = out.stat().st_size
        assert peak < 12 << 20, (fmt, peak)
    assert sizes["json"] > 16 << 20
    rep.close()


def _claims_file(tmp_path: Path) -> Path:
    return next(iter(tmp_path.glob("spool-*/claims.msgpack")))


def _set_of_a_list() -> bytes:
    """A set whose item is a list: decoding it raises TypeError inside the unpacker."""
    return msgpack.packb(msgpack.ExtType(datacodec._SET, msgpack.packb([[1]])))  # type: ignore[no-any-return]


def _claim_with_a_stray_field() -> bytes:
    """A claim record naming a field ``ClaimRecord`` lacks (crafted, or another version's)."""
    inner = msgpack.packb(["seedlint.model:ClaimRecord", {"metric": "gdp", "evil": 1}, []])
    return msgpack.packb([msgpack.ExtType(datacodec._MODEL, inner)])  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:100], id="truncated"),
        pytest.param(lambda data: msgpack.packb([1, 2, 3]) + data, id="a-list-of-numbers"),
        pytest.param(lambda data: msgpack.packb([]) + data, id="an-empty-block"),
        pytest.param(lambda data: msgpack.packb("claims") + data, id="not-a-list"),
        pytest.param(lambda data: _set_of_a_list() + data, id="an-unhashable-set"),
        pytest.param(lambda data: _claim_with_a_stray_field() + data, id="a-stray-field"),
        pytest.param(lambda data: b"\xdb\xff\xff\xff\xff" + data, id="a-4GB-string"),
    ],
)
def test_damaged_claims_beside_an_entry_are_a_clear_error(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    rep = _report(tmp_path, spool_mod.CLAIM_BLOCK + 1)
    rep.docs.close()
    path = _claims_file(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    entry = next(iter(rep.entries()))
    with pytest.raises(SpoolError, match="damaged"):
        list(entry.claims())
    with pytest.raises(SpoolError, match="damaged"):
        writer("json")(rep, RenderContext(root=tmp_path), BytesIO())
    rep.close()


def _rewrite_first_place(tmp_path: Path, change: Callable[[list[int]], Any]) -> None:
    """Rewrite where the first entry's claims are, as a damaged documents file would."""
    path = next(iter(tmp_path.glob("spool-*/documents.msgpack")))
    with path.open("rb") as fh:
        values = list(datacodec.reader(fh))
    values[0] = change(values[0])
    path.write_bytes(b"".join(datacodec.dumps(v) for v in values))


def test_an_entry_never_reads_the_next_entrys_claims_whatever_its_count_says(
    tmp_path: Path,
) -> None:
    """Two entries with claims beside them: the first one's count raised by exactly the
    next entry's first block still stops at the first one's own bytes."""
    rep = _report(tmp_path, spool_mod.CLAIM_BLOCK + 1)
    second = DocumentReport(path="more.txt", document="more.txt")
    second.claims = [_claim(i) for i in range(spool_mod.CLAIM_BLOCK + 3)]
    rep.docs.add(second)
    rep.docs.close()
    _rewrite_first_place(tmp_path, lambda w: [w[0], w[1], w[2] + spool_mod.CLAIM_BLOCK])
    first = next(iter(rep.docs.entries()))
    assert first.count == 2 * spool_mod.CLAIM_BLOCK + 1
    with pytest.raises(SpoolError, match="damaged"):
        list(first.claims())
    rep.close()


@pytest.mark.parametrize(
    "where",
    [[-1, 10, 600], [0, 10], ["0", 10, 600], [0, 10, 2.5], {"offset": 0}, "x"],
    ids=["negative", "two-numbers", "a-string", "a-float", "a-map", "not-a-list"],
)
def test_a_damaged_place_of_an_entrys_claims_is_a_clear_error(tmp_path: Path, where: Any) -> None:
    rep = _report(tmp_path, spool_mod.CLAIM_BLOCK + 1)
    rep.docs.close()
    _rewrite_first_place(tmp_path, lambda w: where)
    with pytest.raises(SpoolError, match="damaged"):
        list(rep.docs.entries())
    rep.close()


def test_a_missing_claims_file_is_a_clear_error(tmp_path: Path) -> None:
    rep = _report(tmp_path, spool_mod.CLAIM_BLOCK + 1)
    rep.docs.close()
    _claims_file(tmp_path).unlink()
    entry = next(iter(rep.entries()))
    with pytest.raises(SpoolError, match="missing"):
        list(entry.claims())
    rep.close()


def test_the_command_line_reports_a_damaged_spool_as_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("重庆市新增本土确诊病例5例。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def damaged(self: DocumentSpool) -> Iterator[DocumentEntry]:
        raise SpoolError("a spooled document's claims are damaged")
        yield  # pragma: no cover

    monkeypatch.setattr(DocumentSpool, "entries", damaged)
    code = cli_main(["check", "a.txt", "--no-cache", "--output-format", "json"])
    assert code == 2
    assert "seedlint: error: a spooled document's claims are damaged" in capsys.readouterr().err


def test_a_fix_run_holding_its_entries_reports_the_held_report_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``--fix`` run keeps its entries in memory (it changes them after they are
    added): their claims, refreshed from the fixed text, reach every format the same."""
    monkeypatch.setattr(spool_mod, "CLAIM_BLOCK", 16)
    docs = tmp_path / "docs"
    docs.mkdir()
    text = _figures(30)
    # Half-width commas between Chinese clauses: A102's safe fix rewrites them.
    text = text.replace("，无症状", ",无症状")
    (docs / "figures.txt").write_text("2022年11月22日 来源：甲报\n" + text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    opts = RunOptions(fix=Applicability.SAFE)
    result = run([Path("docs")], RuleSet.from_config(load_config(None)), tmp_path, opts)
    source = result.source
    assert source.docs.held is not None  # the fix run's entries stay in memory
    (entry,) = list(source.entries())
    assert entry.report.fixes and entry.count > 4 * 16
    assert ",无症状" not in (docs / "figures.txt").read_text(encoding="utf-8")
    held = source.held()
    assert len(held.documents[0].claims) == entry.count
    ctx = RenderContext(root=tmp_path, show_fixes=True, extra={"documents": result.documents})
    json_out = _written_as_held(source, held, ctx)
    assert json_out == held.model_dump_json(indent=2).encode() + b"\n"
