"""The wire format of callback data, `1:<kind>:<arg>…`: the Press base class, the registry of
kinds, and building, parsing and decoding with every argument checked against its kind.

A button from an older format, a forged payload or one over Telegram's 64-byte limit is rejected
with InvalidCallback, which handlers turn into a friendly answer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from typing_extensions import dataclass_transform

VERSION = "1"
MAX_BYTES = 64
NONE = "-"  # an argument left out on purpose (skip, "all of the kota", no deep-link source)
# Matched with fullmatch: `$` would also match before a trailing newline ("1:lg:id\n").
_SLUG = re.compile(r"[A-Za-z0-9_-]{1,48}")
_INT = re.compile(r"\d{1,2}")
_ID = re.compile(r"\d{1,9}")
_TYPES = {"s": str, "i": int, "n": int}  # slug, small integer, record id


class InvalidCallback(ValueError):
    """Callback data that this version of the bot did not make."""


@dataclass(frozen=True)
class Callback:
    """A parsed button press in its wire form: its kind and its typed arguments."""

    kind: str
    args: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Press:
    """One kind of button press. Subclasses name their wire `KIND` and the pattern of each
    field (`SPEC`: "s" slug, "i" small integer, "n" record id), in field order."""

    KIND: ClassVar[str] = ""
    SPEC: ClassVar[str] = ""

    def pack(self) -> str:
        """This press as callback data; ValueError if it would not parse back."""
        return build(self.KIND, *(getattr(self, f.name) for f in dataclasses.fields(self)))


P = TypeVar("P", bound=Press)
KINDS: dict[str, type[Press]] = {}


@dataclass_transform(frozen_default=True)
def kind(name: str, spec: str = "") -> Callable[[type[P]], type[P]]:
    """Make a Press class a frozen dataclass and register it under its wire name, checking its
    fields match `spec`."""

    def register(cls: type[P]) -> type[P]:
        cls = dataclass(frozen=True)(cls)
        fields = dataclasses.fields(cls)
        if name in KINDS or [f.type for f in fields] != [_TYPES[p].__name__ for p in spec]:
            raise TypeError(f"callback kind {name!r}: duplicate, or fields do not match {spec!r}")
        cls.KIND, cls.SPEC = name, spec
        KINDS[name] = cls
        return cls

    return register


def or_none(value: str) -> str | None:
    """A slug argument, or None where the button left it out (`-`)."""
    return None if value == NONE else value


def build(kind: str, *args: str | int) -> str:
    """Callback data for a button; raises ValueError on arguments that would not parse back."""
    data = ":".join([VERSION, kind, *map(str, args)])
    if parse(data) != Callback(kind, tuple(args)):
        raise ValueError(f"callback {kind}{args} does not round-trip")
    return data


def parse(data: str | None) -> Callback:
    """Parse and validate callback data; raise InvalidCallback on anything unexpected."""
    # surrogatepass: a lone surrogate (JSON can carry one) is counted, then fails the patterns.
    if not isinstance(data, str) or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidCallback("missing or too long")
    version, _, rest = data.partition(":")
    if version != VERSION:
        raise InvalidCallback("unknown version")
    kind, *raw = rest.split(":")
    press = KINDS.get(kind)
    if press is None or len(raw) != len(press.SPEC):
        raise InvalidCallback("unknown kind or wrong arity")
    args: list[str | int] = []
    for pattern, value in zip(press.SPEC, raw, strict=True):
        if (pattern == "i" and _INT.fullmatch(value)) or (pattern == "n" and _ID.fullmatch(value)):
            args.append(int(value))
        elif pattern == "s" and _SLUG.fullmatch(value):
            args.append(value)
        else:
            raise InvalidCallback("malformed argument")
    return Callback(kind, tuple(args))


def decode(data: str | None) -> Press:
    """The typed press behind callback data; InvalidCallback on anything this bot did not make."""
    cb = parse(data)
    press: Any = KINDS[cb.kind]  # parse checked each argument's type against the kind's SPEC
    made: Press = press(*cb.args)
    return made
