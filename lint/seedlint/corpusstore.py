"""What the corpus passes read, kept on disk while a corpus is linted.

A corpus pass (C101's claim index, the manifest check) runs after the last document: it
needs what each document contributed (``Detector.collect``) and, for a document that gets
a corpus finding, where that document's body starts (its path and front matter). Held in
lists and dicts, that grew with every document: at a gigabyte of text it pushed the run
past its memory target. Here both go to the run's private spool folder as they come:

* ``CollectedSpool``: per rule, an append-only file of ``[document id, data]`` entries
  in read order, written with ``datacodec`` (data only: nothing read back can name code
  to run). ``items(code)`` reads them back as often as a pass iterates, one entry at a
  time;
* ``Anchors``: document id -> (path, front matter), in a SQLite table (the standard
  library's), looked up only for the documents that get a corpus finding.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import msgpack

from seedlint import datacodec

READ_BUFFER = 1 << 20
ANCHOR_BATCH = 2048
"""Anchors buffered before one insert (one ``executemany``, one commit)."""


class CorpusStoreError(Exception):
    """A file of the spool folder was changed under the run (not what it wrote)."""


class CollectedItems:
    """One rule's collected entries as ``(document id, data)``, in read order, read from
    disk each time they are iterated (a pass may go over them more than once)."""

    def __init__(self, spool: CollectedSpool, code: str) -> None:
        self._spool = spool
        self._code = code

    def __len__(self) -> int:
        return self._spool.counts.get(self._code, 0)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        path = self._spool.flush(self._code)
        if path is None:
            return
        with path.open("rb") as fh:
            unpacker = datacodec.reader(fh, READ_BUFFER)
            end = 0
            try:
                for entry in unpacker:
                    end = unpacker.tell()  # where this entry ends
                    if (
                        not isinstance(entry, list)
                        or len(entry) != 2
                        or not isinstance(entry[0], str)
                    ):
                        raise CorpusStoreError("a collected entry is damaged")
                    yield entry[0], entry[1]
            except (ValueError, msgpack.UnpackException) as exc:
                raise CorpusStoreError(
                    f"a collected entry is damaged: {type(exc).__name__}: {exc}"
                ) from None
            # A cut-off last entry ends the stream quietly: it must not shorten the pass.
            if end != path.stat().st_size:
                raise CorpusStoreError("the collected entries are cut off")


class CollectedSpool:
    """Per rule, what ``collect`` returned for each document, appended to a file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts: dict[str, int] = {}
        self._files: dict[str, IO[bytes]] = {}
        self._paths: dict[str, Path] = {}

    def add(self, code: str, doc_id: str, data: Any) -> None:
        fh = self._files.get(code)
        if fh is None:
            if code in self._paths:  # closed by a read: appended to again
                fh = self._paths[code].open("ab")
            else:
                # Rule codes are letters and digits (the rule schema checks them); the
                # file's name is its position all the same, so no code names a path.
                path = self.folder / f"collected-{len(self._paths):03d}.msgpack"
                self._paths[code] = path
                fh = path.open("wb")
            self._files[code] = fh
        fh.write(datacodec.dumps([doc_id, data]))
        self.counts[code] = self.counts.get(code, 0) + 1

    def flush(self, code: str) -> Path | None:
        """The code's file, with everything added so far on disk (None: nothing added)."""
        fh = self._files.pop(code, None)
        if fh is not None:
            fh.close()
        return self._paths.get(code)

    def items(self, code: str) -> CollectedItems:
        return CollectedItems(self, code)

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files = {}


class Anchors:
    """Document id -> (path, front matter): where a corpus finding's document starts.

    Every document that took part in a corpus pass has one, and only the few that get a
    corpus finding are looked up: a table on disk, filled in batches. A document id
    added twice keeps its last anchor, as a dict would.
    """

    def __init__(self, folder: Path) -> None:
        self._path = folder / "anchors.sqlite"
        self._db: sqlite3.Connection | None = None
        self._batch: list[tuple[str, str, str]] = []
        self.count = 0

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self._path)
            # A private scratch file, deleted with the spool folder: no journal, no sync.
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                "CREATE TABLE IF NOT EXISTS anchor "
                "(doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, head TEXT NOT NULL)"
            )
            self._db = db
        return self._db

    def add(self, doc_id: str, path: str, head: str) -> None:
        self._batch.append((doc_id, path, head))
        self.count += 1
        if len(self._batch) >= ANCHOR_BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        db = self._connect()
        with db:
            db.executemany("INSERT OR REPLACE INTO anchor VALUES (?, ?, ?)", self._batch)
        self._batch = []

    def get(self, doc_id: str) -> tuple[str, str] | None:
        if not self.count:
            return None
        self._flush()
        row = (
            self._connect()
            .execute("SELECT path, head FROM anchor WHERE doc_id = ?", (doc_id,))
            .fetchone()
        )
        if row is None:
            return None
        path, head = row
        if not isinstance(path, str) or not isinstance(head, str):
            raise CorpusStoreError("an anchor is damaged")
        return path, head

    def close(self) -> None:
        self._batch = []
        if self._db is not None:
            self._db.close()
            self._db = None
