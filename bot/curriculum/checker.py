"""Shared pieces of content validation: the problem list, the per-file checker, YAML reading."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

SCHEMA_VERSION = 1
CARD_MAX_CHARS = 600  # a card, an action or a survey item, in either language
LOCALES = ("id", "en")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}$")
# libyaml's parser (ten times faster) with PyYAML's own safe constructor, where it is built.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """Invalid content; `problems` lists every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Checker:
    """Collects problems for one file so that a writer sees all of them at once."""

    def __init__(self, path: Path, root: Path, problems: list[str]) -> None:
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.problems = problems

    def fail(self, where: str, field: str, message: str) -> None:
        location = f"{self.name}: {where}: " if where else f"{self.name}: "
        self.problems.append(f"{location}field '{field}': {message}")

    def schema(self, data: dict[str, Any]) -> None:
        if data.get("schema_version") != SCHEMA_VERSION:
            self.fail("", "schema_version", f"must be {SCHEMA_VERSION}")


def read_yaml(path: Path, root: Path, problems: list[str]) -> dict[str, Any] | None:
    name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    if not path.is_file():
        problems.append(f"{name}: file is missing")
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    # Besides YAMLError, PyYAML's constructors raise these on scalars that only look valid
    # (`2024-13-45`, `!!timestamp x`), and nesting too deep ends in RecursionError.
    except (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        problems.append(f"{name}: not valid YAML: {exc}".replace("\n", " "))
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}: must hold a mapping at the top level")
        return None
    return data


def open_file(path: Path, root: Path, problems: list[str]) -> tuple[dict[str, Any], Checker] | None:
    """A content file's data and its checker, schema version checked; None if unreadable."""
    data = read_yaml(path, root, problems)
    if data is None:
        return None
    c = Checker(path, root, problems)
    c.schema(data)
    return data, c
