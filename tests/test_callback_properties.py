"""Properties over callback data nobody wrote by hand: any data a button may carry parses to a
valid callback or raises InvalidCallback, and what the bot builds fits Telegram and parses back."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import callbacks

FAST = settings(max_examples=200, deadline=None)

slugs = st.from_regex(r"[A-Za-z0-9_-]{1,48}", fullmatch=True)
ARG = {"s": slugs, "i": st.integers(0, 99), "n": st.integers(0, 999_999_999)}
kinds = st.sampled_from(sorted(callbacks._SPEC))
# Characters that a loose pattern lets through: a newline before the end, digits of other
# scripts, a leading zero or sign, a lone surrogate, a separator, or an argument too long.
odd = st.sampled_from(["\n", "٣", "²", "0", "+", " ", "é", "\x00", "\ud800", ":", "a" * 50])


@st.composite
def shaped(draw) -> str:
    """Text shaped like callback data (version, kind, arguments), slightly off here and there,
    so that parsing gets past the version and the kind."""
    kind = draw(st.one_of(kinds, kinds, kinds, st.text(max_size=3)))
    spec = callbacks._SPEC.get(kind, "")
    args = [str(draw(ARG[p])) for p in spec]
    if draw(st.integers(0, 3)) == 0:
        args = draw(st.lists(st.text(max_size=6) | slugs, max_size=4))
    for _ in range(draw(st.integers(0, 1)) + draw(st.integers(0, 1))):  # stray characters
        if args:
            i = draw(st.integers(0, len(args) - 1))
            args[i] = draw(st.sampled_from([args[i] + draw(odd), draw(odd) + args[i]]))
    version = draw(st.just("1") | st.sampled_from(["2", "", "01", "1\n", "١"]))
    return ":".join([version, kind, *args])


# What might arrive as callback data: any text, text made of raw bytes, bytes, other types.
anything = st.one_of(
    st.text(),
    shaped(),
    shaped(),
    st.binary().map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.binary().map(lambda b: b.decode("latin-1")),
    st.binary(),
    st.none(),
    st.integers(),
    st.lists(st.text(max_size=3)),
)


def _assert_valid(cb: callbacks.Callback) -> None:
    """A parsed callback is one the bot could have built: known kind, typed, in range."""
    spec = callbacks._SPEC[cb.kind]
    assert len(cb.args) == len(spec)
    for pattern, arg in zip(spec, cb.args, strict=True):
        if pattern == "s":
            assert isinstance(arg, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,48}", arg)
        else:
            assert isinstance(arg, int) and 0 <= arg <= (99 if pattern == "i" else 999_999_999)


@FAST
@given(anything)
def test_any_callback_data_parses_to_a_valid_callback_or_is_rejected(data):
    try:
        cb = callbacks.parse(data)
    except callbacks.InvalidCallback:
        return
    _assert_valid(cb)
    assert callbacks.parse(callbacks.build(cb.kind, *cb.args)) == cb


@FAST
@given(st.data())
def test_built_callbacks_fit_telegrams_limit_and_parse_back(data):
    kind = data.draw(kinds)
    args = tuple(data.draw(ARG[p]) for p in callbacks._SPEC[kind])
    try:
        built = callbacks.build(kind, *args)
    except ValueError:  # too long for Telegram's 64 bytes: the only reason to refuse
        assert len(":".join(["1", kind, *map(str, args)]).encode()) > callbacks.MAX_BYTES
        return
    assert len(built.encode()) <= callbacks.MAX_BYTES
    assert callbacks.parse(built) == callbacks.Callback(kind, args)


@FAST
@given(
    kinds,
    st.lists(
        st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.floats()),
        max_size=4,
    ),
)
def test_build_with_any_arguments_builds_parsable_data_or_raises_value_error(kind, args):
    try:
        built = callbacks.build(kind, *args)
    except ValueError:
        return
    assert callbacks.parse(built) == callbacks.Callback(kind, tuple(args))
