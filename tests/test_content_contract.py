"""The contract for the course: the idea in every module, followed-up actions, versioned survey
and checklist, and quiz statistics that keep test-wiseness out (issue 11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.curriculum import Question, Text, load_course
from bot.curriculum.quizstats import (
    MAX_COURSE_SHARE,
    MAX_PER_MODULE,
    is_longest,
    is_numeric,
    quiz_stats,
)
from tests.test_content import _edit, _problems

ROOT = Path(__file__).parent.parent
M1 = "modules/m01-risiko-jakarta.yaml"


def _unmark(items: list[dict]) -> None:
    for item in items:
        item.pop("idea", None)


def test_every_module_carries_the_idea_and_a_followed_up_action():
    course = load_course(ROOT / "content")
    for module in course.modules:
        assert any(c.idea for c in module.cards if not c.is_action), module.id
        assert any(q.idea for q in module.questions), module.id
        followup = module.action.followup
        assert followup.id.endswith("?") and followup.en.endswith("?"), module.id


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            lambda d: _unmark(d["cards"]),
            "module m01-risiko-jakarta: field 'cards': needs at least one card with 'idea: true'",
        ),
        (
            lambda d: _unmark(d["quiz"]),
            "module m01-risiko-jakarta: field 'quiz': "
            "needs at least one question with 'idea: true'",
        ),
        (
            lambda d: d["cards"][0].update(idea="ya"),
            "card m01-c1: field 'idea': must be true or false",
        ),
        (
            lambda d: d["action"].pop("followup"),
            "module m01-risiko-jakarta action: field 'followup': is missing",
        ),
        (
            lambda d: d["action"]["followup"].pop("en"),
            "module m01-risiko-jakarta action: field 'followup.en': is missing or empty",
        ),
        (
            lambda d: d["action"]["followup"].update(id="Cek risiko alamat Anda."),
            "module m01-risiko-jakarta action: field 'followup.id': must be one line ending in '?'",
        ),
        (
            lambda d: d["action"]["followup"].update(en="Have you\nchecked it?"),
            "module m01-risiko-jakarta action: field 'followup.en': must be one line ending in '?'",
        ),
        (
            lambda d: d["action"]["followup"].update(id="Sudah sempat " + "cek " * 40 + "?"),
            "module m01-risiko-jakarta action: field 'followup.id': "
            "has 174 characters, at most 160",
        ),
        (
            lambda d: (
                d["action"].update(sources=[]),
                d["action"]["followup"].update(en="Have you saved the 112 number?"),
            ),
            "module m01-risiko-jakarta action: field 'sources': a text holds a figure",
        ),
    ],
)
def test_a_module_without_the_contract_is_refused_naming_file_id_and_field(
    content_copy, change, expected
):
    _edit(content_copy, M1, change)
    problems = _problems(content_copy)
    assert any(
        expected in p and p.startswith("content/modules/m01-risiko-jakarta.yaml") for p in problems
    ), problems


def test_the_survey_and_checklist_carry_versions_and_keep_the_earlier_ones():
    course = load_course(ROOT / "content")
    survey, checklist = course.attitude, course.checklist
    assert (survey.version, checklist.version) == (2, 2)
    old = course.instrument("survey", 1)
    assert [i.id for i in old.items] == [f"S{n}" for n in range(1, 9)]
    assert not {i.id for i in survey.items} & {i.id for i in old.items}  # never reused
    assert survey.labels[3].id == "Netral"
    for key in survey.subscales:  # at least two items, exactly one of them reverse-worded
        mine = [i for i in survey.items if i.subscale == key]
        assert len(mine) >= 2 and sum(i.reverse for i in mine) == 1, key
    old_checklist = course.instrument("checklist", 1)
    assert [i.id for i in old_checklist.items] == ["B1", "B2", "B3", "B4"]
    kept = {i.id for i in checklist.items} & {i.id for i in old_checklist.items}
    assert kept == {"B1"}
    assert checklist.item("B1").text == old_checklist.item("B1").text


@pytest.mark.parametrize(
    "name,change,expected",
    [
        (
            "survey.yaml",
            lambda d: d.pop("version"),
            "content/survey.yaml: survey: field 'version': must be the instrument's version number",
        ),
        (
            "survey.yaml",
            lambda d: d.update(version=3),
            "content/archive/survey-v2.yaml: file is missing",
        ),
        (
            "survey.yaml",
            lambda d: d["items"][0].update(id="S1"),
            "content/survey.yaml: item S1: field 'id': 'S1' was another statement in version 1; a "
            "changed item needs a new id",
        ),
        (
            "survey.yaml",
            lambda d: d["items"].pop(1),
            "content/survey.yaml: survey subscale keberdayaan: field 'subscales': "
            "has 1 item(s), needs "
            "at least 2",
        ),
        (
            "archive/survey-v1.yaml",
            lambda d: d.update(version=2),
            "content/archive/survey-v1.yaml: survey: field 'version': "
            "must be 1, as the file name says",
        ),
        (
            "checklist.yaml",
            lambda d: d["items"][1].update(id="B2"),
            "content/checklist.yaml: item B2: field 'id': 'B2' was another statement in version 1",
        ),
    ],
)
def test_a_survey_version_that_would_break_stored_answers_is_refused(
    content_copy, name, change, expected
):
    _edit(content_copy, name, change)
    problems = _problems(content_copy)
    assert any(expected in p for p in problems), problems


def _question(options: list[tuple[str, str]], correct: int) -> Question:
    return Question(
        "x-q1", "x", Text("?", "?"), tuple(Text(i, e) for i, e in options), correct, Text("", "")
    )


def test_longest_means_strictly_longest_in_either_language_and_numeric_means_a_digit():
    same = [("aa", "aa"), ("bb", "bb"), ("cc", "cc")]
    assert not is_longest(_question(same, 0))
    assert is_longest(_question([("aaa", "a"), ("bb", "bb"), ("cc", "cc")], 0))  # Indonesian
    assert is_longest(_question([("a", "aaa"), ("bb", "bb"), ("cc", "cc")], 0))  # English
    assert not is_longest(_question([("aaa", "aa"), ("bbb", "bb"), ("c", "c")], 0))  # a tie
    assert is_numeric(_question([("tiga", "3"), ("b", "b"), ("c", "c")], 0))
    assert not is_numeric(_question([("tiga", "three"), ("4", "4"), ("c", "c")], 0))


def test_content_check_reports_quiz_statistics_per_module_and_warns_above_the_thresholds(
    content_copy,
):
    def crowd(d):  # m01: every right answer the longest option and a number
        for q in d["quiz"]:
            right = q["options"][q["correct"] - 1]
            right.update(
                id=right["id"] + " 2024 dengan penjelasan panjang sekali",
                en=right["en"] + " 2024 with a very long explanation",
            )
            q["sources"] = [d["sources"][0]["id"]]

    _edit(content_copy, M1, crowd)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check"],
        cwd=ROOT,
        env={"CONTENT_DIR": str(content_copy), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # a warning, not an error
    header = done.stdout.splitlines()[0]
    assert header.split()[-2:] == ["long", "num"]
    m01 = next(line for line in done.stdout.splitlines() if "m01-risiko-jakarta" in line)
    assert m01.split()[-2:] == ["4", "4"]
    ids = ", ".join(q["id"] for q in yaml.safe_load((content_copy / M1).read_text())["quiz"])
    assert f"warning: m01-risiko-jakarta: 4 longest questions ({ids}), at most 1" in done.stderr
    assert "warning: m01-risiko-jakarta: 4 numeric questions" in done.stderr
    assert "Quiz: the right option is the longest in" in done.stdout


def test_the_course_keeps_quiz_statistics_under_the_thresholds():
    stats = quiz_stats(load_course(ROOT / "content"))
    for module in stats.modules:
        assert len(module.longest) <= MAX_PER_MODULE, (module.module.id, module.longest)
        assert len(module.numeric) <= MAX_PER_MODULE, (module.module.id, module.numeric)
    assert stats.share("longest") <= MAX_COURSE_SHARE
    assert stats.share("numeric") <= MAX_COURSE_SHARE
    assert stats.warnings() == []
