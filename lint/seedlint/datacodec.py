"""A data-only encoding for what seedlint keeps between runs: cache entries and shard files.

Both are read back from places a stranger can write to (a cache folder committed to a
corpus that takes contributions, a shard file handed over by a batch job), so they
must be data that is read, never code that is run: pickle is out, because loading a
pickle calls whatever callables the file names.

The encoding is msgpack with extension types for what msgpack lacks: tuples, sets,
dates, big integers, and seedlint's own record types (dataclasses, named tuples,
pydantic models and enums defined in a ``seedlint`` module). A record is rebuilt by
setting its fields on a fresh instance: no constructor, validator or ``__setstate__``
runs, and a class is only looked up among seedlint's own types, never imported by
name from an arbitrary module. Anything else in a file (an unknown extension, a class
outside seedlint, a field the class lacks) makes the whole value undecodable:
``DecodeError``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
import sys
from typing import Any, Protocol

import msgpack
from pydantic import BaseModel

_TUPLE, _SET, _FROZENSET, _DATE, _DATETIME, _BIGINT, _RECORD, _NAMEDTUPLE, _MODEL, _ENUM = range(
    1, 11
)
_PREFIX = "seedlint."


class DecodeError(ValueError):
    """The bytes are not a value this codec wrote (damaged, or crafted)."""


class EncodeError(TypeError):
    """The value holds something that is not plain data or a seedlint record type."""


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _pack(obj: Any) -> bytes:
    return msgpack.packb(obj, default=_default, strict_types=True, use_bin_type=True)  # type: ignore[no-any-return]


def _default(obj: Any) -> msgpack.ExtType:
    cls = type(obj)
    if cls is tuple:
        return msgpack.ExtType(_TUPLE, _pack(list(obj)))
    if cls is set or cls is frozenset:
        code = _SET if cls is set else _FROZENSET
        try:
            items = sorted(obj)
        except TypeError:
            items = list(obj)
        return msgpack.ExtType(code, _pack(items))
    if cls is int:  # only reaches here when msgpack cannot hold it (beyond 64 bits)
        return msgpack.ExtType(_BIGINT, str(obj).encode("ascii"))
    if cls is dt.datetime:
        return msgpack.ExtType(_DATETIME, obj.isoformat().encode("ascii"))
    if cls is dt.date:
        return msgpack.ExtType(_DATE, obj.isoformat().encode("ascii"))
    if not cls.__module__.startswith(_PREFIX):
        raise EncodeError(f"cannot encode {cls.__module__}.{cls.__qualname__} as data")
    if isinstance(obj, enum.Enum):
        return msgpack.ExtType(_ENUM, _pack([_name(cls), obj.value]))
    if isinstance(obj, BaseModel):
        fields = {k: getattr(obj, k) for k in type(obj).model_fields}
        return msgpack.ExtType(_MODEL, _pack([_name(cls), fields, sorted(obj.model_fields_set)]))
    if isinstance(obj, tuple) and hasattr(cls, "_fields"):
        return msgpack.ExtType(_NAMEDTUPLE, _pack([_name(cls), list(obj)]))
    if dataclasses.is_dataclass(obj):
        values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        return msgpack.ExtType(_RECORD, _pack([_name(cls), values]))
    raise EncodeError(f"cannot encode {cls.__module__}.{cls.__qualname__} as data")


def _class(name: Any, kind: str) -> type:
    """One of seedlint's own classes, by ``module:qualname``; nothing else is looked up."""
    if not isinstance(name, str):
        raise DecodeError("a record without a class name")
    module, _, qualname = name.partition(":")
    if not module.startswith(_PREFIX) or not qualname or "<" in qualname:
        raise DecodeError(f"{name!r} is not a seedlint type")
    mod = sys.modules.get(module)
    if mod is None:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            raise DecodeError(f"{name!r} is not a seedlint type") from None
    obj: Any = mod
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    if not isinstance(obj, type) or obj.__module__ != module:
        raise DecodeError(f"{name!r} is not a seedlint type")
    ok = {
        "enum": issubclass(obj, enum.Enum),
        "model": issubclass(obj, BaseModel),
        "namedtuple": issubclass(obj, tuple) and hasattr(obj, "_fields"),
        "record": dataclasses.is_dataclass(obj),
    }[kind]
    if not ok:
        raise DecodeError(f"{name!r} is not a seedlint {kind} type")
    return obj


def _unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, ext_hook=_ext_hook, raw=False, strict_map_key=False)


def _ext_hook(code: int, data: bytes) -> Any:
    if code == _TUPLE:
        return tuple(_list(_unpack(data)))
    if code == _SET:
        return set(_list(_unpack(data)))
    if code == _FROZENSET:
        return frozenset(_list(_unpack(data)))
    if code in (_BIGINT, _DATE, _DATETIME):
        text = data.decode("ascii")
        if code == _BIGINT:
            return int(text)
        return dt.date.fromisoformat(text) if code == _DATE else dt.datetime.fromisoformat(text)
    if code == _ENUM:
        name, value = _list(_unpack(data), 2)
        return _class(name, "enum")(value)
    if code == _NAMEDTUPLE:
        name, values = _list(_unpack(data), 2)
        cls = _class(name, "namedtuple")
        values = _list(values)
        if len(values) != len(cls._fields):  # type: ignore[attr-defined]
            raise DecodeError(f"{name}: wrong number of fields")
        return tuple.__new__(cls, values)
    if code == _MODEL:
        name, fields, fields_set = _list(_unpack(data), 3)
        cls = _class(name, "model")
        if not isinstance(fields, dict) or set(fields) != set(cls.model_fields):  # type: ignore[attr-defined]
            raise DecodeError(f"{name}: fields do not match")
        return cls.model_construct(_fields_set=set(_list(fields_set)), **fields)  # type: ignore[attr-defined]
    if code == _RECORD:
        name, values = _list(_unpack(data), 2)
        cls = _class(name, "record")
        names = {f.name for f in dataclasses.fields(cls)}
        if not isinstance(values, dict) or set(values) != names:
            raise DecodeError(f"{name}: fields do not match")
        inst: Any = object.__new__(cls)
        for k, v in values.items():
            object.__setattr__(inst, k, v)
        return inst
    raise DecodeError(f"unknown extension type {code}")


def _list(value: Any, n: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (n is not None and len(value) != n):
        raise DecodeError("malformed record")
    return value


def dumps(obj: Any) -> bytes:
    """``obj`` as bytes; ``EncodeError`` when it holds something that is not data."""
    try:
        return _pack(obj)
    except (TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, EncodeError):
            raise
        raise EncodeError(str(exc)) from None


class Readable(Protocol):
    """What ``reader`` reads from: a binary file, or a slice of one."""

    def read(self, n: int = -1, /) -> bytes: ...


def reader(fh: Readable, read_size: int = 1 << 20) -> msgpack.Unpacker:
    """The values ``dumps`` wrote one after another into ``fh``, read one at a time (the
    spool files are appended to value by value and may be far larger than memory).
    Iterating it raises ``DecodeError`` or msgpack's own errors for damaged bytes."""
    return msgpack.Unpacker(
        fh, raw=False, read_size=read_size, ext_hook=_ext_hook, strict_map_key=False
    )


def loads(data: bytes) -> Any:
    """The value ``dumps`` wrote; ``DecodeError`` for anything else. Never runs code
    named by the data."""
    try:
        return _unpack(data)
    except DecodeError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
        raise DecodeError(f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # msgpack's own errors (ExtraData, FormatError, StackError...)
        raise DecodeError(f"{type(exc).__name__}: {exc}") from None
