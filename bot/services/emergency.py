"""Spot messages that look like an emergency, so the bot answers with 112 before anything else."""

from __future__ import annotations

import re

# Words that on their own suggest someone needs help now (Indonesian and English).
_ALONE = (
    "tolong", "darurat", "sos", "kebakaran", "terbakar", "tenggelam", "hanyut", "terjebak",
    "terperangkap", "korban", "pingsan", "help", "emergency", "fire", "trapped", "drowning",
)
# Hazards that count as an emergency when the message also says it is happening now.
_HAZARDS = ("banjir", "gempa", "longsor", "tsunami", "rob", "flood", "earthquake", "landslide")
_NOW = (
    "sekarang", "skrg", "now", "masuk rumah", "naik", "sedang", "lagi", "tinggi", "sudah sampai",
)
_WORD = re.compile(r"[a-z]+")


def looks_like_emergency(text: str | None) -> bool:
    """True when the text reads like a call for help or a disaster happening now."""
    if not text:
        return False
    lowered = text.casefold()
    words = set(_WORD.findall(lowered))
    if words & set(_ALONE):
        return True
    if words & set(_HAZARDS):
        return any(re.search(rf"\b{re.escape(n)}\b", lowered) for n in _NOW)
    return False
