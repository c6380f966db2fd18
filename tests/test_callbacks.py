"""Callback data is compact, versioned and validated on parse."""

from __future__ import annotations

import pytest

from bot import callbacks


@pytest.mark.parametrize(
    "kind,args",
    [
        ("q", ("m01-q1", 2)),
        ("nx", ("m12-industri-ketahanan", 5)),
        ("sv", ("post", "S8", 5)),
        ("ok", ("a" * 48,)),
        ("go", ()),
        ("del", ("yes",)),
    ],
)
def test_built_data_parses_back_and_fits_telegrams_limit(kind, args):
    data = callbacks.build(kind, *args)
    assert len(data.encode()) <= 64
    assert callbacks.parse(data) == callbacks.Callback(kind, args)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "1",
        "1:",
        "2:q:m01-q1:1",
        "1:zz:a",
        "1:q:m01-q1",
        "1:q:m01-q1:x",
        "1:q:m01 q1:1",
        "1:q:m01-q1:1:extra",
        "1:sv:pre:S1:100",
        "1:ok:" + "a" * 70,
        "1:q:é:1",
    ],
)
def test_anything_else_is_rejected_cleanly(data):
    with pytest.raises(callbacks.InvalidCallback):
        callbacks.parse(data)


def test_build_refuses_arguments_that_would_not_parse():
    with pytest.raises(ValueError):
        callbacks.build("q", "has:colon", 1)


def test_every_kind_has_exactly_one_route_and_packs_to_the_same_wire_data():
    from bot.handlers.buttons import BY_PRESS, ROUTES

    assert len(BY_PRESS) == len(ROUTES) == len(callbacks.KINDS)
    assert set(BY_PRESS) == set(callbacks.KINDS.values())
    assert callbacks.QuizPick("m01-q1", 2).pack() == callbacks.build("q", "m01-q1", 2)
    assert callbacks.decode("1:bk:42:now") == callbacks.DraftAction(42, "now")
    assert callbacks.decode("1:go") == callbacks.Continue()
