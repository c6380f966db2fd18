"""The attitude survey and the behaviour checklist: the current version and the archived ones."""

from __future__ import annotations

from pathlib import Path

from bot.curriculum import schema
from bot.curriculum.checker import Checker, open_file
from bot.curriculum.model import Instrument, SurveyItem, Text

MAX_SCALE_POINTS = 11
MIN_ITEMS_PER_SUBSCALE = 2  # one item alone cannot be checked for reliability


_FIELD_MESSAGES = {
    "version": "must be the instrument's version number, 1 to 99",
    "reverse": "must say the scoring direction: true or false",
}


def _scale(c: Checker, name: str, survey: schema.SurveyFile) -> tuple[int, int, dict[int, Text]]:
    """The scale's bounds and a label for every point."""
    low, high = survey.scale.min, survey.scale.max
    # Bounded: every point gets a label and a button (and min: -1e9 would never finish).
    if not low < high < low + MAX_SCALE_POINTS:
        c.fail(name, "scale", f"needs integer 'min' < 'max', at most {MAX_SCALE_POINTS} points")
        low, high = 1, 5
    labels = {}
    for value in range(low, high + 1):
        label = survey.scale.labels.get(value)
        if label is None:
            c.fail(f"{name} scale.labels", str(value), "is missing")
        else:
            labels[value] = Text(label.id, label.en)
    return low, high, labels


def _instrument(
    path: Path,
    root: Path,
    name: str,
    kind: str,
    problems: list[str],
    expected_version: int | None = None,
) -> Instrument | None:
    opened = open_file(path, root, problems)
    if opened is None:
        return None
    data, c = opened
    model: type[schema.SurveyFile | schema.ChecklistFile] = (
        schema.SurveyFile if kind == "likert" else schema.ChecklistFile
    )
    found = schema.validated(model, data, c, name, _FIELD_MESSAGES)
    if found is None:
        return None
    if expected_version is not None and found.version != expected_version:
        c.fail(name, "version", f"must be {expected_version}, as the file name says")
    low, high = 0, 1
    labels: dict[int, Text] = {}
    subscales: dict[str, Text] = {}
    if isinstance(found, schema.SurveyFile):
        low, high, labels = _scale(c, name, found)
        subscales = {str(key): Text(t.id, t.en) for key, t in found.subscales.items()}
    seen: set[str] = set()
    items = []
    for entry in found.items:
        if entry.id in seen:
            c.fail(f"item {entry.id}", "id", f"duplicate id '{entry.id}'")
        seen.add(entry.id)
        reverse, subscale = False, None
        if isinstance(entry, schema.LikertItem):
            reverse, subscale = entry.reverse, entry.subscale
            if subscale not in subscales:
                c.fail(f"item {entry.id}", "subscale", f"must be one of {sorted(subscales)}")
        items.append(SurveyItem(entry.id, Text(entry.text.id, entry.text.en), reverse, subscale))
    if not items:
        c.fail(name, "items", "needs at least one item")
    return Instrument(
        name,
        kind,
        Text(found.title.id, found.title.en),
        Text(found.intro.id, found.intro.en),
        tuple(items),
        low,
        high,
        labels,
        subscales,
        expected_version or found.version,
    )


def instrument_versions(
    root: Path, name: str, kind: str, problems: list[str]
) -> tuple[Instrument | None, list[Instrument]]:
    """The current version (`<name>.yaml`) and every earlier one (`archive/<name>-v<N>.yaml`).

    Earlier versions stay so that stored answers can still be scored; an item id of an earlier
    version may come back only for the very same statement.
    """
    path = root / f"{name}.yaml"
    current = _instrument(path, root, name, kind, problems)
    if current is None:
        return None, []
    earlier = [
        _instrument(root / "archive" / f"{name}-v{v}.yaml", root, name, kind, problems, v)
        for v in range(1, current.version)
    ]
    archived = [inst for inst in earlier if inst is not None]
    c = Checker(path, root, problems)
    for key in current.subscales:  # archived versions are frozen as they were asked
        count = sum(1 for item in current.items if item.subscale == key)
        if count < MIN_ITEMS_PER_SUBSCALE:
            c.fail(
                f"{name} subscale {key}",
                "subscales",
                f"has {count} item(s), needs at least {MIN_ITEMS_PER_SUBSCALE}",
            )
    for item in current.items:
        for old in archived:
            before = old.item(item.id)
            if before is not None and before.text.id != item.text.id:
                c.fail(
                    f"item {item.id}",
                    "id",
                    f"'{item.id}' was another statement in version "
                    f"{old.version}; a changed item needs a new id",
                )
    return current, archived
