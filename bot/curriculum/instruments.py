"""The attitude survey and the behaviour checklist: the current version and the archived ones."""

from __future__ import annotations

from pathlib import Path

from bot.curriculum.checker import CARD_MAX_CHARS, ITEM_ID, Checker, open_file
from bot.curriculum.model import Instrument, SurveyItem, Text

MAX_SCALE_POINTS = 11
MIN_ITEMS_PER_SUBSCALE = 2  # one item alone cannot be checked for reliability


def _instrument(path: Path, root: Path, name: str, kind: str, problems: list[str],
                expected_version: int | None = None) -> Instrument | None:
    opened = open_file(path, root, problems)
    if opened is None:
        return None
    data, c = opened
    version = data.get("version")
    if expected_version is not None and version != expected_version:
        c.fail(name, "version", f"must be {expected_version}, as the file name says")
        version = expected_version
    elif not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 99:
        c.fail(name, "version", "must be the instrument's version number, 1 to 99")
        version = 1
    title = c.text(data, "title", name)
    intro = c.text(data, "intro", name)
    labels: dict[int, Text] = {}
    subscales: dict[str, Text] = {}
    low, high = (0, 1)
    if kind == "likert":
        scale = c.mapping(data.get("scale"), name, "scale")
        given_low, given_high = scale.get("min"), scale.get("max")
        # Bounded: every point gets a label and a button (and min: -1e9 would never finish).
        if (isinstance(given_low, int) and isinstance(given_high, int)
                and given_low < given_high < given_low + MAX_SCALE_POINTS):
            low, high = given_low, given_high
        else:
            c.fail(name, "scale", f"needs integer 'min' < 'max', at most {MAX_SCALE_POINTS} points")
            low, high = 1, 5
        raw_labels = c.mapping(scale.get("labels"), name, "scale.labels")
        for value in range(low, high + 1):
            labels[value] = c.text(raw_labels, value, f"{name} scale.labels")
        for key, raw in c.mapping(data.get("subscales"), name, "subscales").items():
            subscales[str(key)] = c.text({"s": raw}, "s", f"{name} subscale {key}")
    seen: set[str] = set()
    items = []
    for i, raw in enumerate(c.items(data, "items", name)):
        entry = c.mapping(raw, f"items[{i}]", "items")
        if not entry:
            continue
        iid = c.unique_id(entry, f"items[{i}]", seen, ITEM_ID)
        where = f"item {iid}"
        text = c.text(entry, "text", where, CARD_MAX_CHARS)
        reverse, subscale = False, None
        if kind == "likert":
            given = entry.get("reverse")
            if isinstance(given, bool):
                reverse = given
            else:
                c.fail(where, "reverse", "must say the scoring direction: true or false")
            subscale = entry.get("subscale")
            if not isinstance(subscale, str) or subscale not in subscales:
                c.fail(where, "subscale", f"must be one of {sorted(subscales)}")
        items.append(SurveyItem(iid, text, bool(reverse), subscale))
    if not items:
        c.fail(name, "items", "needs at least one item")
    return Instrument(name, kind, title, intro, tuple(items), low, high, labels, subscales,
                      version)


def instrument_versions(root: Path, name: str, kind: str, problems: list[str]
                         ) -> tuple[Instrument | None, list[Instrument]]:
    """The current version (`<name>.yaml`) and every earlier one (`archive/<name>-v<N>.yaml`).

    Earlier versions stay so that stored answers can still be scored; an item id of an earlier
    version may come back only for the very same statement.
    """
    path = root / f"{name}.yaml"
    current = _instrument(path, root, name, kind, problems)
    if current is None:
        return None, []
    earlier = [_instrument(root / "archive" / f"{name}-v{v}.yaml", root, name, kind, problems, v)
               for v in range(1, current.version)]
    archived = [inst for inst in earlier if inst is not None]
    c = Checker(path, root, problems)
    for key in current.subscales:  # archived versions are frozen as they were asked
        count = sum(1 for item in current.items if item.subscale == key)
        if count < MIN_ITEMS_PER_SUBSCALE:
            c.fail(f"{name} subscale {key}", "subscales",
                   f"has {count} item(s), needs at least {MIN_ITEMS_PER_SUBSCALE}")
    for item in current.items:
        for old in archived:
            before = old.item(item.id)
            if before is not None and before.text.id != item.text.id:
                c.fail(f"item {item.id}", "id", f"'{item.id}' was another statement in version "
                       f"{old.version}; a changed item needs a new id")
    return current, archived
