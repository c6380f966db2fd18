"""Properties over content files nobody wrote by hand: any mutated copy of content/ loads to a
well-formed Course or fails with a ContentError that lists its problems, never another exception."""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import callbacks
from bot.curriculum import ContentError, Course, load_course

CONTENT = Path(__file__).parent.parent / "content"
# libyaml for the tests' own reading and writing: most of an example's time went there.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def _dump(doc: Any) -> str:
    return yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True)


MODULES = [p.stem for p in sorted((CONTENT / "modules").glob("*.yaml"))]
ORIGINAL: dict[str, Any] = {
    p.relative_to(CONTENT).as_posix(): _load(p.read_text(encoding="utf-8"))
    for p in sorted(CONTENT.rglob("*.yaml"))
}
CONTENT_EXAMPLES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What a content writer's slip can put where a value belongs.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-3, 7),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        ["", " ", "id", "en", "S1", "peluang", "m01-c1", "x" * 700, "2024", "https://example.org"]
    ),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(
                st.text(max_size=8),
                st.integers(),
                st.sampled_from(["id", "en", "text", "min", "max", "labels"]),
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)
# Scalars as they might be typed into a YAML file: some are not what they look like.
raw_scalars = st.one_of(
    st.text(max_size=20).map(lambda s: s.replace("\n", " ")),
    st.sampled_from(
        [
            "2024-13-45",
            "2024-02-30",
            "2026-11-30 25:00:00",
            "!!binary xx",
            "!!python/name:os.system",
            "&a [*a]",
            "*nowhere",
            "[" * 300,
            "{" * 300,
            "~",
            "yes",
            "no",
            "0x1F",
            "0o17",
            ".nan",
            "-.inf",
            "1e400",
            "99999999999999999999",
            "'unclosed",
            '"\\ud800"',
            "|",
            ">",
            "- a",
            "a: b: c",
            "@",
            "`",
            "%YAML 1.1",
            "? [a]",
            "!!set {a, b}",
            "!!timestamp x",
        ]
    ),
)


# -- content --------------------------------------------------------------------------------------


def _locations(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside a parsed YAML document (the document itself is `()`)."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _locations(value, (*path, i))
    return found


def _mutate(doc: Any, data: st.DataObject) -> Any:
    """One random change at one random place: a value, a type, a key, an item."""
    spots = _locations(doc)
    ids = [p for p in spots if p and p[-1] in ("id", "subscale", "modules")]
    if ids and data.draw(st.booleans(), label="an id"):  # where validation matters most
        spots = ids
    path = data.draw(st.sampled_from(spots), label="where")
    if not path:
        return data.draw(values, label="whole document")
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    current = parent[key]
    op = data.draw(
        st.sampled_from(["replace", "delete", "rename", "duplicate", "wrap", "tweak"]),
        label="change",
    )
    if op == "replace":
        parent[key] = data.draw(values, label="new value")
    elif op == "delete":
        del parent[key]
    elif op == "rename" and isinstance(parent, dict):
        new = data.draw(
            st.one_of(
                st.text(max_size=10),
                st.integers(),
                st.sampled_from(
                    ["id", "text", "en", "sources", "quiz", "cards", "min", "items", "kecamatan"]
                ),
            )
        )
        parent[new] = parent.pop(key)
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(current))
    elif op == "wrap":
        parent[key] = data.draw(st.sampled_from([[current], {"id": current}, {"en": current}]))
    elif isinstance(current, str):
        extra = data.draw(st.sampled_from(["\n", " ", "-", "é", ":", "A", "x" * 40]))
        parent[key] = current + extra
    elif isinstance(current, int) and not isinstance(current, bool):
        parent[key] = current + data.draw(st.integers(-3, 3) | st.integers())
    else:
        parent[key] = data.draw(values, label="new value")
    return doc


def _raw_mutate(text: str, data: st.DataObject) -> str | bytes | None:
    """A change to the file's text: a value typed oddly, a cut, stray text, bad bytes, no file."""
    lines = text.splitlines()
    op = data.draw(
        st.sampled_from(["value", "truncate", "insert", "bytes", "missing"]), label="text change"
    )
    if op == "value":
        candidates = [i for i, line in enumerate(lines) if re.match(r"^\s*[\w-]+:\s*\S", line)]
        i = data.draw(st.sampled_from(candidates))
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {data.draw(raw_scalars, label='typed value')}"
        return "\n".join(lines)
    if op == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    if op == "insert":
        i = data.draw(st.integers(0, len(lines)))
        return "\n".join([*lines[:i], data.draw(st.text(max_size=30) | raw_scalars), *lines[i:]])
    if op == "bytes":
        return data.draw(st.binary(max_size=40)) + text.encode()
    return None


@contextmanager
def _content_with(modules: list[str]) -> Iterator[Path]:
    """A temporary copy of content/ with only `modules`, and a course that lists only them
    (loading all 12 is slow; the loader reads the listed module files only)."""
    keep = {f"{m}.yaml" for m in modules}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        shutil.copytree(
            CONTENT,
            root,
            ignore=lambda folder, names: [
                n for n in names if Path(folder).name == "modules" and n not in keep
            ],
        )
        (root / "course.yaml").write_text(_dump(dict(ORIGINAL["course.yaml"], modules=modules)))
        yield root


@contextmanager
def _content_with_some_modules(data: st.DataObject) -> Iterator[tuple[Path, list[str]]]:
    """`_content_with` a few drawn modules, and the names of the files the loader reads."""
    chosen = data.draw(
        st.lists(st.sampled_from(MODULES), min_size=1, max_size=3, unique=True), label="modules"
    )
    with _content_with(chosen) as root:
        yield (
            root,
            [
                "course.yaml",
                "survey.yaml",
                "checklist.yaml",
                "regions.yaml",
                *(f"modules/{m}.yaml" for m in chosen),
            ],
        )


def _write(path: Path, content: Any) -> None:
    if content is None:
        path.unlink()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


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
    with _content_with_some_modules(data) as (root, files):
        for _ in range(data.draw(st.integers(1, 3), label="changes")):
            name = data.draw(st.sampled_from(files), label="file")
            path = root / name
            if not path.exists():
                continue
            doc = _load(path.read_text(encoding="utf-8"))
            _write(path, _dump(_mutate(doc, data)))
        _assert_clean(root)


@SLOW
@given(st.data())
def test_content_files_with_odd_text_load_or_fail_with_a_content_error(data):
    with _content_with_some_modules(data) as (root, files):
        name = data.draw(st.sampled_from(files), label="file")
        path = root / name
        _write(path, _raw_mutate(path.read_text(encoding="utf-8"), data))
        _assert_clean(root)


@SLOW
@given(st.data())
def test_an_id_with_stray_characters_is_refused_or_still_well_formed(data):
    with _content_with_some_modules(data) as (root, files):
        name = data.draw(st.sampled_from(files[1:]), label="file")
        doc = _load((root / name).read_text(encoding="utf-8"))
        spots = [p for p in _locations(doc) if p and p[-1] == "id"]
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
        (root / name).write_text(_dump(doc), encoding="utf-8")
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
    with _content_with(MODULES[:1]) as root:
        survey = copy.deepcopy(ORIGINAL["survey.yaml"])
        survey["scale"].update(scale)
        survey["items"][at].update(item)
        (root / "survey.yaml").write_text(_dump(survey))
        _assert_clean(root)
