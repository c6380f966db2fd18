"""What a content writer's slip can do to content/: odd values, a changed document, changed
text, a missing file; and temporary copies of content/ to do it in."""

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
from hypothesis import strategies as st

CONTENT = Path(__file__).parent.parent / "content"
# libyaml for the tests' own reading and writing: most of an example's time went there.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_yaml(text: str) -> Any:
    """A YAML document, read with libyaml."""
    return yaml.load(text, Loader=_LOADER)


def dump_yaml(doc: Any) -> str:
    """A YAML document as text, written with libyaml."""
    return yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True)


MODULES = [p.stem for p in sorted((CONTENT / "modules").glob("*.yaml"))]
ORIGINAL: dict[str, Any] = {
    p.relative_to(CONTENT).as_posix(): load_yaml(p.read_text(encoding="utf-8"))
    for p in sorted(CONTENT.rglob("*.yaml"))
}

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


def locations(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside a parsed YAML document (the document itself is `()`)."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += locations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += locations(value, (*path, i))
    return found


def mutate(doc: Any, data: st.DataObject) -> Any:
    """One random change at one random place: a value, a type, a key, an item."""
    spots = locations(doc)
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


def raw_mutate(text: str, data: st.DataObject) -> str | bytes | None:
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
def content_with(modules: list[str]) -> Iterator[Path]:
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
        (root / "course.yaml").write_text(dump_yaml(dict(ORIGINAL["course.yaml"], modules=modules)))
        yield root


@contextmanager
def content_with_some_modules(data: st.DataObject) -> Iterator[tuple[Path, list[str]]]:
    """`content_with` a few drawn modules, and the names of the files the loader reads."""
    chosen = data.draw(
        st.lists(st.sampled_from(MODULES), min_size=1, max_size=3, unique=True), label="modules"
    )
    with content_with(chosen) as root:
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


def write(path: Path, content: Any) -> None:
    """Write text or bytes to `path`; None deletes the file."""
    if content is None:
        path.unlink()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
