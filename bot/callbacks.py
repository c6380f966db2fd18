"""Compact, versioned callback data: built and parsed here only, validated on parse.

Format: `1:<kind>:<arg>…`. A button from an older format, a forged payload or one over Telegram's
64-byte limit is rejected with InvalidCallback, which handlers turn into a friendly answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64
# Matched with fullmatch: `$` would also match before a trailing newline ("1:lg:id\n").
_SLUG = re.compile(r"[A-Za-z0-9_-]{1,48}")
_INT = re.compile(r"\d{1,2}")
_ID = re.compile(r"\d{1,9}")

# kind -> the pattern of each argument ("s" slug, "i" small integer, "n" record id)
_SPEC: dict[str, str] = {
    "ok": "s",      # consent given, with the deep-link source ("-" for none)
    "no": "",       # consent declined
    "lg": "s",      # language chosen
    "rg": "s",      # region (kota) chosen, "-" to skip
    "ds": "s",      # district (kecamatan) chosen, "-" to skip
    "ag": "s",      # age band chosen, "-" to skip
    "sv": "ssi",    # survey answer: phase, item id, value
    "sx": "s",      # skip the survey of this phase
    "nx": "si",     # next card: module id, index of the card on screen
    "q": "si",      # quiz answer: question id, option index
    "go": "",       # continue where I left off
    "del": "s",     # data deletion: "yes" or "no"
    "pg": "s",      # nudge time: morning, midday, evening or off
    "rv": "",       # start the review quiz
    "rq": "si",     # review answer: question id, option index
    "fu": "ss",     # action follow-up answer: module id, done/not_yet/not_relevant
    "bk": "ns",     # broadcast draft action: id, cancel/noen/now/sched/aud
    "ba": "ns",     # broadcast audience kind: id, region/stage/locale/source
    "bg": "nss",    # broadcast audience: id, kind, value ("all" takes "-")
    "bd": "nss",    # broadcast kecamatan: id, region, district ("-" for the whole kota)
    "bq": "nn",     # schedule a broadcast in the quiet hours after all: id, Unix minute
    "bx": "ns",     # confirm cancelling a broadcast: id, yes/no
    "bc": "n",      # cancel a scheduled or sending broadcast: id
    "rp": "s",      # staff report: period token (7d, 30d, all, 20261101-20261130)
    "ra": "ss",     # staff report: period token, kota id ("-" for all of Jakarta)
    "rk": "sss",    # staff report: period token, kota id, kecamatan id ("-" for the whole kota)
}


class InvalidCallback(ValueError):
    """Callback data that this version of the bot did not make."""


@dataclass(frozen=True)
class Callback:
    """A parsed button press: its kind and its typed arguments."""

    kind: str
    args: tuple[str | int, ...] = ()


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
    spec = _SPEC.get(kind)
    if spec is None or len(raw) != len(spec):
        raise InvalidCallback("unknown kind or wrong arity")
    args: list[str | int] = []
    for pattern, value in zip(spec, raw, strict=True):
        if (pattern == "i" and _INT.fullmatch(value)) or (pattern == "n" and _ID.fullmatch(value)):
            args.append(int(value))
        elif pattern == "s" and _SLUG.fullmatch(value):
            args.append(value)
        else:
            raise InvalidCallback("malformed argument")
    return Callback(kind, tuple(args))
