"""Shared pieces of content validation: the problem list, the per-file checker, YAML reading."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.curriculum.model import Text

SCHEMA_VERSION = 1
CARD_MAX_CHARS = 600  # a card, an action or a survey item, in either language
LOCALES = ("id", "en")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}$")


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

    def mapping(self, data: Any, where: str, field: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(where, field, "must be a mapping")
            return {}
        return data

    def items(self, data: dict[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            self.fail(where, key, "must be a list" if key in data else "is missing")
            return []
        return value

    def string(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, key, "must be a non-empty text" if key in data else "is missing")
            return ""
        return value.strip()

    def text(self, data: dict[Any, Any], key: str | int, where: str,
             limit: int | None = None) -> Text:
        raw = data.get(key)
        if not isinstance(raw, dict):
            problem = "must map 'id' and 'en' to texts" if key in data else "is missing"
            self.fail(where, str(key), problem)
            return Text("", "")
        values = {}
        for locale in LOCALES:
            value = raw.get(locale)
            if not isinstance(value, str) or not value.strip():
                self.fail(where, f"{key}.{locale}", "is missing or empty")
                values[locale] = ""
                continue
            value = value.strip()
            if limit is not None and len(value) > limit:
                self.fail(where, f"{key}.{locale}", f"has {len(value)} characters, at most {limit}")
            values[locale] = value
        return Text(values["id"], values["en"])

    def flag(self, data: dict[str, Any], key: str, where: str) -> bool:
        """An optional true/false field (false when absent)."""
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fail(where, key, "must be true or false")
            return False
        return value

    def unique_id(self, data: dict[str, Any], where: str, seen: set[str],
                  pattern: re.Pattern[str] = ID) -> str:
        value = data.get("id")
        if not isinstance(value, str) or not pattern.fullmatch(value):  # `$` allows a "\n"
            self.fail(where, "id", f"must match {pattern.pattern}")
            return str(value)
        if value in seen:
            self.fail(where, "id", f"duplicate id '{value}'")
        seen.add(value)
        return value

    def schema(self, data: dict[str, Any]) -> None:
        if data.get("schema_version") != SCHEMA_VERSION:
            self.fail("", "schema_version", f"must be {SCHEMA_VERSION}")


def read_yaml(path: Path, root: Path, problems: list[str]) -> dict[str, Any] | None:
    name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    if not path.is_file():
        problems.append(f"{name}: file is missing")
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Besides YAMLError, PyYAML's constructors raise these on scalars that only look valid
    # (`2024-13-45`, `!!timestamp x`), and nesting too deep ends in RecursionError.
    except (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        problems.append(f"{name}: not valid YAML: {exc}".replace("\n", " "))
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}: must hold a mapping at the top level")
        return None
    return data


def open_file(path: Path, root: Path, problems: list[str]
              ) -> tuple[dict[str, Any], Checker] | None:
    """A content file's data and its checker, schema version checked; None if unreadable."""
    data = read_yaml(path, root, problems)
    if data is None:
        return None
    c = Checker(path, root, problems)
    c.schema(data)
    return data, c
