"""The emergency detector against labelled messages, and the 112 answer as a resident sees it."""

from __future__ import annotations

from pathlib import Path

from bot.services.emergency import looks_like_emergency

FIXTURE = Path(__file__).parent / "data" / "emergency_messages.tsv"


def labelled() -> list[tuple[bool, str]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label == "1", text))
    return rows


def test_detector_catches_every_labelled_emergency_and_few_calm_messages(figure):
    rows = labelled()
    assert len(rows) >= 200 and sum(label for label, _ in rows) >= 80
    missed = [text for label, text in rows if label and not looks_like_emergency(text)]
    false_alarms = [text for label, text in rows if not label and looks_like_emergency(text)]
    positives = sum(label for label, _ in rows)
    caught = positives - len(missed)
    precision = caught / (caught + len(false_alarms))
    recall = caught / positives
    figure(
        f"emergency detector on {len(rows)} labelled messages: precision {precision:.3f}, "
        f"recall {recall:.3f} (missed {len(missed)}, false alarms {len(false_alarms)})"
    )
    assert missed == []  # a missed emergency is the costly error
    assert precision >= 0.95, false_alarms


async def test_the_112_answer_stands_alone(bot):
    user = bot.user(320)
    for text in (
        "rumah kami kebanjiran, air setinggi dada",
        "mohon bantuan evakuasi",
        "tanggul jebol",
        "the water is rising in my house",
    ):
        replies = await user.send(text)
        assert len(replies) == 1, text
        assert "112" in replies[0].text and "/belajar" not in replies[0].text, text


async def test_talk_about_a_lesson_is_not_an_emergency(bot):
    user = bot.user(321)
    replies = await user.send("lagi belajar soal banjir")
    assert not any("112" in r.text.split("\n")[0] for r in replies)
