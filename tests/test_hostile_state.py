"""What seedlint keeps between runs (the result cache, shard files) is read back from
places a contributor can write to, so it must be data that is read, never code that
is run, and a cache that comes with the checkout is refused."""

from __future__ import annotations

import base64
import json
import pickle
import shutil
import sqlite3
import subprocess
import zlib
from pathlib import Path
from typing import Any

import msgpack
import pytest

from helpers import user_project
from seedlint import datacodec
from seedlint.cache import DB_NAME
from seedlint.cli import main
from seedlint.detectors.contradiction import Collected, Rec
from seedlint.model import Applicability, DocumentReport, Finding
from seedlint.parallel import DocOut, UnitResult
from seedlint.shards import SHARD_FORMAT, SHARD_KIND, ShardError, load_shard
from seedlint.sources import Problem


class _Payload:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "code from the cache ran"))


def _project(root: Path) -> Path:
    docs = user_project(root)
    (docs / "a.txt").write_text("my colour!!\n", encoding="utf-8")
    (docs / "b.txt").write_text("a favour\n", encoding="utf-8")
    return docs


def _poison(db_path: Path, marker: Path, keys: list[str] | None = None) -> None:
    """Every entry of a cache database (or the given keys) becomes a malicious pickle."""
    blob = pickle.dumps(_Payload(marker))
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE TABLE IF NOT EXISTS entries "
        "(key TEXT PRIMARY KEY, ns TEXT NOT NULL, used REAL NOT NULL, value BLOB NOT NULL)"
    )
    if keys is None:
        db.execute("UPDATE entries SET value = ?", (blob,))
    else:
        for k in keys:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, 'ns', 0, ?)", (k, blob))
    db.commit()
    db.close()


def test_a_malicious_pickle_where_the_old_cache_lived_is_never_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEEDLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _project(tmp_path)
    marker = tmp_path / "pwned"
    old = tmp_path / ".seedlint-cache"
    old.mkdir()
    # the old layout (v1 held pickles) and the current file name, both poisoned
    for name in ("results-v1.sqlite", DB_NAME):
        _poison(old / name, marker, keys=[f"{i:040x}" for i in range(50)])
    assert main(["docs", "--no-progress"]) == 1
    assert main(["docs", "--no-progress"]) == 1  # a second run reads the cache it filled
    assert not marker.exists()
    # even pointed at the poisoned folder, every entry is a miss, never a call
    assert main(["docs", "--no-progress", "--cache-dir", ".seedlint-cache"]) == 1
    db = sqlite3.connect(old / DB_NAME)
    keys = [r[0] for r in db.execute("SELECT key FROM entries WHERE ns != 'ns'")]
    db.close()
    assert len(keys) == 2  # the run stored its own two entries
    _poison(old / DB_NAME, marker)  # now the real keys hold the payload
    capsys.readouterr()
    assert main(["docs", "--no-progress", "--no-cache"]) == 1
    expected = capsys.readouterr().out
    assert main(["docs", "--no-progress", "--cache-dir", ".seedlint-cache"]) == 1
    assert capsys.readouterr().out == expected
    assert not marker.exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_cache_folder_tracked_by_git_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEEDLINT_CACHE_DIR", raising=False)
    _project(tmp_path)
    committed = tmp_path / ".seedlint-cache"
    committed.mkdir()
    (committed / "README").write_text("committed by a contributor\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", ".seedlint-cache/README"], check=True)
    assert main(["docs", "--no-progress", "--cache-dir", ".seedlint-cache"]) == 1
    assert "tracked by git" in capsys.readouterr().err
    assert sorted(p.name for p in committed.iterdir()) == ["README"]  # never written
    # an untracked folder inside the same repository is fine
    assert main(["docs", "--no-progress", "--cache-dir", "untracked-cache"]) == 1
    assert "tracked by git" not in capsys.readouterr().err
    assert (tmp_path / "untracked-cache" / DB_NAME).is_file()


def _unit_result() -> UnitResult:
    finding = Finding(
        code="T201",
        name="x",
        category="artifact",
        severity="error",
        path="a.txt",
        document="a.txt",
        line=1,
        column=4,
        end_line=1,
        end_column=10,
        message="m",
        fingerprint="f",
    )
    rec = Rec("r|m|p", 1.0, 2.0, True, "1", 0, 1, 1, 1, 1, 2, "1", "c1")
    return UnitResult(
        "a.txt",
        0,
        problems=[Problem("a.txt", "SL006", "bad")],
        docs=[
            DocOut(
                report=DocumentReport(path="a.txt", document="a.txt", fixes=[]),
                findings=[finding],
                collected={"C101": Collected("a.txt", "2022-11-23", [rec]), "P120": ("a", None)},
                doc_id="a.txt",
                path="a.txt",
                head="",
                waivers={"waive": [{"code": "A1", "line": 3}], 1: {2, 3}, (1, 2): frozenset()},
                facts={"big": 1 << 80, "sev": Applicability.SAFE},
            )
        ],
    )


def test_unit_results_round_trip_through_the_data_codec() -> None:
    res = _unit_result()
    back = datacodec.loads(datacodec.dumps(res))
    assert back == res
    assert type(back.docs[0].collected["C101"].claims[0]) is Rec
    assert back.docs[0].findings[0].model_dump_json() == res.docs[0].findings[0].model_dump_json()


@pytest.mark.parametrize(
    "name", ["os:system", "builtins:eval", "subprocess:Popen", "seedlint.cli:main", "seedlint:x"]
)
def test_the_data_codec_builds_no_type_outside_seedlints_records(name: str) -> None:
    for code in (0, 7, 8, 9, 10, 11, 127):  # the record types, and unknown ones
        crafted = msgpack.packb(
            msgpack.ExtType(code, msgpack.packb([name, ["echo pwned"], []])), use_bin_type=True
        )
        with pytest.raises(datacodec.DecodeError):
            datacodec.loads(crafted)


def test_the_data_codec_refuses_to_encode_foreign_objects() -> None:
    with pytest.raises(datacodec.EncodeError):
        datacodec.dumps({"x": lambda: None})
    with pytest.raises(datacodec.EncodeError):
        datacodec.dumps([Path("a")])


def _shard_text(state: bytes, fmt: int = SHARD_FORMAT) -> str:
    return json.dumps(
        {
            "kind": SHARD_KIND,
            "format": fmt,
            "shard": "1/1",
            "tool_version": "0",
            "config_digest": "d",
            "files": 1,
            "state": base64.b64encode(zlib.compress(state)).decode("ascii"),
        }
    )


def test_a_shard_file_holding_a_pickle_is_refused_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    blob = pickle.dumps(({}, [_Payload(marker)]))
    for fmt in (1, SHARD_FORMAT):
        with pytest.raises(ShardError):
            load_shard(_shard_text(blob, fmt))
    crafted = msgpack.packb(
        [{}, [msgpack.ExtType(7, msgpack.packb(["os:system", ["touch pwned"]]))]]
    )
    with pytest.raises(ShardError, match="damaged shard"):
        load_shard(_shard_text(crafted))
    assert not marker.exists()


def test_a_shard_state_that_expands_without_bound_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint import shards

    monkeypatch.setattr(shards, "MAX_STATE_BYTES", 1 << 16)
    with pytest.raises(ShardError, match="expands beyond"):
        load_shard(_shard_text(b"\0" * (1 << 20)))
