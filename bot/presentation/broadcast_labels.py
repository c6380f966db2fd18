"""How a broadcast is named to a moderator: its first words and its audience in words."""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from bot.curriculum.model import Course
from bot.i18n import Translator
from bot.services.broadcast_summary import Summary

FIRST_WORDS = 6
_TAG = re.compile(r"<[^>]+>")


def stage_label(t: Translator, stage: str) -> str:
    """A course stage in words."""
    return {
        "not_started": t._("Not started yet"),
        "in_progress": t._("Learning now"),
        "finished": t._("Finished the course"),
    }[stage]


def first_words(t: Translator, summary: Summary) -> str:
    """The message's first words, as safe HTML: «Latihan evakuasi banjir besok pukul 08.00…»."""
    words = unescape(_TAG.sub("", summary.text or "")).split()
    if not words:
        return t._("(photo)") if summary.has_photo else "…"
    shown = " ".join(words[:FIRST_WORDS]) + ("…" if len(words) > FIRST_WORDS else "")
    return f"«{escape(shown)}»"


def audience_label(t: Translator, course: Course, spec: dict[str, Any] | None) -> str:
    """Who a broadcast is for, in words: `Jakarta Utara · Penjaringan`, `Bahasa: English`."""
    spec = spec or {}
    kind = spec.get("kind")
    if kind == "region":
        region = course.region(str(spec.get("region")))
        if region is None:
            return escape(str(spec.get("region")))
        district = region.district_name(spec["district"]) if spec.get("district") else None
        return escape(f"{region.name} · {district}" if district else region.name)
    if kind == "stage":
        return t._("Stage: {stage}", stage=stage_label(t, spec["stage"]))
    if kind == "locale":
        return t._(
            "Language: {language}",
            language="English" if spec["locale"] == "en" else "Bahasa Indonesia",
        )
    if kind == "source":
        return t._("Source link: {source}", source=escape(str(spec["source"])))
    return t._("Everyone")
