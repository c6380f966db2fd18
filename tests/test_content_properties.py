"""Properties over content files nobody wrote by hand: any mutated copy of content/ loads to a
well-formed Course or fails with a ContentError that lists its problems, never another exception."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import callbacks
from bot.curriculum import ContentError, Course, load_course
from tests.content_mutations import (
    MODULES,
    ORIGINAL,
    content_with,
    content_with_some_modules,
    dump_yaml,
    load_yaml,
    locations,
    mutate,
    raw_mutate,
    values,
    write,
)

CONTENT_EXAMPLES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_clean(root: Path) -> None:
    """load_course gives a Course with well-formed ids, or a ContentError naming problems."""
    try:
        course = load_course(root)
    except ContentError as exc:
        assert 0 < len(exc.problems) < 1000  # a list a writer can read, not one per integer
        assert all(isinstance(p, str) and p for p in exc.problems)
        return
    assert isinstance(course, Course) and course.modules
    ids = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
    for module in course.modules:
        assert ids.fullmatch(module.id)
        assert all(ids.fullmatch(c.id) for c in module.cards if not c.is_action)
        assert all(ids.fullmatch(q.id) for q in module.questions)
        assert all(0 <= q.correct < len(q.options) for q in module.questions)
        for card in module.cards:  # every button the bot will show for this content builds
            callbacks.build("nx", module.id, module.cards.index(card))
        for question in module.questions:
            callbacks.build("q", question.id, len(question.options) - 1)
    items = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,15}")
    for instrument in (course.attitude, course.checklist):
        assert all(items.fullmatch(i.id) for i in instrument.items)
        assert instrument.scale_min < instrument.scale_max
    for item in course.attitude.items:
        callbacks.build("sv", "post", item.id, course.attitude.scale_max)


@CONTENT_EXAMPLES
@given(st.data())
def test_mutated_content_loads_or_fails_with_a_content_error(data):
    with content_with_some_modules(data) as (root, files):
        for _ in range(data.draw(st.integers(1, 3), label="changes")):
            name = data.draw(st.sampled_from(files), label="file")
            path = root / name
            if not path.exists():
                continue
            doc = load_yaml(path.read_text(encoding="utf-8"))
            write(path, dump_yaml(mutate(doc, data)))
        _assert_clean(root)


@SLOW
@given(st.data())
def test_content_files_with_odd_text_load_or_fail_with_a_content_error(data):
    with content_with_some_modules(data) as (root, files):
        name = data.draw(st.sampled_from(files), label="file")
        path = root / name
        write(path, raw_mutate(path.read_text(encoding="utf-8"), data))
        _assert_clean(root)


@SLOW
@given(st.data())
def test_an_id_with_stray_characters_is_refused_or_still_well_formed(data):
    with content_with_some_modules(data) as (root, files):
        name = data.draw(st.sampled_from(files[1:]), label="file")
        doc = load_yaml((root / name).read_text(encoding="utf-8"))
        spots = [p for p in locations(doc) if p and p[-1] == "id"]
        path = data.draw(st.sampled_from(spots), label="which id")
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        extra = data.draw(
            st.sampled_from(["\n", " ", "\t", "é", ":", "_", "A", "x" * 40])
            | st.text(min_size=1, max_size=3),
            label="stray",
        )
        parent["id"] = data.draw(st.sampled_from([parent["id"] + extra, extra + parent["id"]]))
        (root / name).write_text(dump_yaml(doc), encoding="utf-8")
        _assert_clean(root)


@SLOW
@given(
    scale=st.fixed_dictionaries(
        {},
        optional={"min": values | st.integers(), "max": values | st.integers(), "labels": values},
    ),
    item=st.dictionaries(
        st.sampled_from(["subscale", "reverse", "id", "text"]), values, max_size=2
    ),
    at=st.integers(0, 7),
)
def test_any_survey_scale_and_item_fields_give_a_clean_answer(scale, item, at):
    with content_with(MODULES[:1]) as root:
        survey = copy.deepcopy(ORIGINAL["survey.yaml"])
        survey["scale"].update(scale)
        survey["items"][at].update(item)
        (root / "survey.yaml").write_text(dump_yaml(survey))
        _assert_clean(root)
