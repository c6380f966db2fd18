"""The course content loads, and broken content is refused with the file, id and field named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.curriculum import ContentError, load_course

ROOT = Path(__file__).parent.parent


def test_the_shipped_course_is_valid_and_complete():
    course = load_course(ROOT / "content")
    assert len(course.modules) == 12
    assert sum(len(m.questions) for m in course.modules) >= 45
    for module in course.modules:
        assert 3 <= len([c for c in module.cards if not c.is_action]) <= 6
        assert module.cards[-1].is_action and module.sources
    assert course.attitude.version == 2 and course.instrument("survey", 1) is not None
    assert len(course.regions) == 6 and sum(len(r.districts) for r in course.regions) == 44


def _edit(root: Path, name: str, change) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_course(root)
    return info.value.problems


M1 = "modules/m01-risiko-jakarta.yaml"


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            lambda d: d.pop("sources"),
            "m01-risiko-jakarta.yaml: module m01-risiko-jakarta: field 'sources': is missing",
        ),
        (
            lambda d: d["cards"][0]["text"].update(en="x" * 601),
            "card m01-c1: field 'text.en': has 601 characters, at most 600",
        ),
        (lambda d: d["quiz"][0].update(correct=9), "question m01-q1: field 'correct'"),
        (
            lambda d: d["quiz"][0]["options"].__setitem__(1, d["quiz"][0]["options"][0]),
            "question m01-q1: field 'options.id': two options are the same",
        ),
        (lambda d: d["cards"][1]["text"].pop("en"), "card m01-c2: field 'text.en': is missing"),
        (lambda d: d["quiz"][1].update(id="m01-q1"), "field 'id': duplicate id 'm01-q1'"),
        (
            lambda d: d["cards"][0].update(sources=[]),
            "card m01-c1: field 'sources': a text holds a figure",
        ),
        (
            lambda d: d["cards"][0].update(sources=["nowhere"]),
            "card m01-c1: field 'sources': names unknown source 'nowhere'",
        ),
        (lambda d: d.update(schema_version=2), "field 'schema_version': must be 1"),
        (
            lambda d: d["sources"][0].update(year=1200),
            "source jakber-2018: field 'year': must be at least 1600",
        ),
        (
            lambda d: d["sources"][1].update(url="ftp://x"),
            "source jakarta-strategy-2019: field 'url': must start with http",
        ),
        (lambda d: d["cards"][1].update(id="Kartu 2"), "card Kartu 2: field 'id': must match"),
        (
            lambda d: d["quiz"][1].update(correct=True),
            "question m01-q2: field 'correct': must be a whole number",
        ),
        (
            lambda d: d["quiz"][0]["options"].__setitem__(1, {"id": "Dua"}),
            "question m01-q1: field 'options.2.en': is missing or empty",
        ),
        (
            lambda d: d["quiz"].__setitem__(2, ["a list"]),
            "module m01-risiko-jakarta quiz[2]: field 'quiz': must be a mapping",
        ),
        (
            lambda d: d.update(title="Risiko"),
            "module m01-risiko-jakarta: field 'title': must map 'id' and 'en' to texts",
        ),
        (lambda d: d.pop("action"), "module m01-risiko-jakarta: field 'action': is missing"),
    ],
)
def test_broken_module_is_refused_naming_file_id_and_field(content_copy, change, expected):
    _edit(content_copy, M1, change)
    problems = _problems(content_copy)
    assert any(expected in p and "m01-risiko-jakarta.yaml" in p for p in problems), problems


def test_survey_item_without_a_scoring_direction_is_refused(content_copy):
    _edit(content_copy, "survey.yaml", lambda d: d["items"][3].pop("reverse"))
    assert any("survey.yaml: item S12: field 'reverse'" in p for p in _problems(content_copy))


def test_regions_and_the_module_list_are_checked_too(content_copy):
    _edit(content_copy, "regions.yaml", lambda d: d["regions"][1].update(name=""))
    _edit(content_copy, "course.yaml", lambda d: d["modules"].append("Modul 13"))
    problems = _problems(content_copy)
    assert "content/regions.yaml: region jakut: field 'name': must be a non-empty text" in problems
    assert "content/course.yaml: course: field 'modules': 'Modul 13' is not a module id" in problems


def test_card_ids_must_be_unique_across_modules(content_copy):
    _edit(content_copy, "modules/m02-banjir.yaml", lambda d: d["cards"][0].update(id="m01-c1"))
    assert any(
        "m02-banjir.yaml" in p and "duplicate id 'm01-c1'" in p for p in _problems(content_copy)
    )


def test_invalid_yaml_and_missing_files_are_named(content_copy):
    (content_copy / M1).write_text("cards: [unclosed")
    (content_copy / "checklist.yaml").unlink()
    problems = _problems(content_copy)
    assert any(
        p.startswith("content/modules/m01-risiko-jakarta.yaml: not valid YAML") for p in problems
    )
    assert "content/checklist.yaml: file is missing" in problems


def test_the_bot_refuses_to_start_on_invalid_content(content_copy, database_url):
    from bot.app import build_application
    from bot.config import Settings

    _edit(content_copy, M1, lambda d: d["quiz"][0].update(correct=0))
    settings = Settings(_env_file=None, content_dir=content_copy, database_url=database_url)
    with pytest.raises(ContentError):
        build_application(settings, token="1:x")


def test_a_course_is_parsed_once_and_again_when_a_file_changes(content_copy):
    first = load_course(content_copy)  # copied with the files' times: settled content
    assert load_course(content_copy) is first  # the same files: the course already parsed
    _edit(content_copy, M1, lambda d: d["cards"][0]["text"].update(id="Teks baru"))
    changed = load_course(content_copy)
    assert changed is not first and changed.modules[0].cards[0].text.id == "Teks baru"
    assert load_course(content_copy) is not changed  # just written: it may change again
    settled = (content_copy / M1).stat().st_mtime - 60
    os.utime(content_copy / M1, (settled, settled))
    assert load_course(content_copy) is load_course(content_copy)
    (content_copy / "archive" / "survey-v1.yaml").unlink()  # a file gone is a change too
    assert any("survey-v1.yaml: file is missing" in p for p in _problems(content_copy))


def test_content_check_command_validates_and_summarises(content_copy):
    env_ok = {"CONTENT_DIR": str(ROOT / "content"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check"],
        cwd=ROOT,
        env=env_ok,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    modules = load_course(ROOT / "content").modules
    questions = sum(len(m.questions) for m in modules)
    assert f"{len(modules)} modules" in done.stdout and f"{questions} questions" in done.stdout
    assert "content is valid" in done.stdout
    _edit(content_copy, M1, lambda d: d["quiz"][0].update(correct=0))
    broken = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check"],
        cwd=ROOT,
        env={**env_ok, "CONTENT_DIR": str(content_copy)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 1
    assert "question m01-q1: field 'correct'" in broken.stderr
