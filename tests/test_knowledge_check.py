"""`phuean kb check` and the loader: the shipped content passes, broken content fails loudly."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.constants import ANY_COUNTRY, LANGUAGES, TOPICS
from bot.i18n import load_catalogue
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.check import check
from bot.knowledge.loader import DEFAULT_CONTENT_DIR
from tests.services import PROJECT_ROOT

REVIEW_DAY = date(2026, 11, 23)


def kb_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "kb", "check", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the shipped content, to break on purpose."""
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    return copy


def edit(path: Path, entry_id: str, change: dict[str, object], drop: tuple[str, ...] = ()) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(item for item in data["entries"] if item["id"] == entry_id)
    entry.update(change)
    for key in drop:
        entry.pop(key, None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_content_passes_and_lists_unverified_entries() -> None:
    result = kb_check("--today", REVIEW_DAY.isoformat())
    assert result.returncode == 0, result.stderr
    knowledge = load_knowledge()
    unverified = [entry.id for entry in knowledge.entries if not entry.verified]
    assert unverified, "the shipped content has unverified entries; the check must list them"
    for entry_id in unverified:
        assert f"unverified: {entry_id} " in result.stdout
    assert f"{len(knowledge.entries)} entries OK" in result.stdout


def test_every_topic_has_general_content_and_both_main_destinations_have_rights() -> None:
    knowledge = load_knowledge()
    for topic in TOPICS:
        assert knowledge.select(topic, None).entries, f"no general {topic} content"
    for country in ("TH", "MY"):
        aspects = knowledge.aspects("rights", country)
        for aspect in ("passport", "wages", "rest_days", "change_employer", "if_breached"):
            assert aspect in aspects, (country, aspect)
            assert knowledge.select("rights", country, aspect).specific, (country, aspect)


def _mentions(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d-]){re.escape(number)}(?!\d)", text) is not None


def test_a_phone_number_is_written_only_in_its_hotline_entry() -> None:
    """So an operator changes a number in one place and every answer follows."""
    knowledge = load_knowledge()
    hotlines = [entry for entry in knowledge.entries if entry.hotline]
    catalogue = load_catalogue()
    for number in {entry.hotline.number for entry in hotlines if entry.hotline}:
        for entry in knowledge.entries:
            own = entry.hotline is not None and entry.hotline.number == number
            texts = [*(entry.text or {}).values()]
            if entry.hotline and not own:
                texts += [*entry.hotline.purpose.values(), *entry.hotline.hours.values()]
            assert not any(_mentions(text, number) for text in texts), (entry.id, number)
        for message_id in catalogue.ids:
            for language in LANGUAGES:
                text = catalogue.text(message_id, language)
                assert not _mentions(text, number), (message_id, number)


def _numbered(data: object) -> list[str]:
    """Every ``number:`` value in a parsed YAML document, however deep."""
    if isinstance(data, dict):
        found = [str(data["number"])] if "number" in data else []
        return found + [n for value in data.values() for n in _numbered(value)]
    if isinstance(data, list):
        return [n for item in data for n in _numbered(item)]
    return []


def test_no_yaml_file_but_the_knowledge_hotlines_holds_phone_numbers() -> None:
    """The safety module once kept its own hotlines.yml and drifted from the knowledge base."""
    skipped = {"var", "models", "node_modules"}
    files = [
        path
        for pattern in ("*.yml", "*.yaml")
        for path in PROJECT_ROOT.rglob(pattern)
        if not any(part.startswith(".") or part in skipped for part in path.parts)
    ]
    assert PROJECT_ROOT / "bot/knowledge/content/hotlines.yml" in files
    holders = {}
    for path in files:
        numbers = _numbered(yaml.safe_load(path.read_text(encoding="utf-8")))
        if numbers:
            holders[path.relative_to(PROJECT_ROOT).as_posix()] = numbers
    assert list(holders) == ["bot/knowledge/content/hotlines.yml"]
    numbers = holders["bot/knowledge/content/hotlines.yml"]
    assert len(numbers) == len(set(numbers)), "a number is written twice"


def test_review_older_than_a_year_is_reported_but_does_not_fail() -> None:
    a_year_later = date(REVIEW_DAY.year + 1, REVIEW_DAY.month, REVIEW_DAY.day + 1)
    result = kb_check("--today", a_year_later.isoformat())
    assert result.returncode == 0, result.stderr
    assert "review due: th-hotline-1300 (last reviewed 2026-11-23)" in result.stdout
    report = check(None, REVIEW_DAY)
    assert report.ok and not report.stale


def test_missing_translation_fails(content: Path) -> None:
    data = yaml.safe_load((content / "hotlines.yml").read_text(encoding="utf-8"))
    purpose = dict(data["entries"][0]["purpose"])
    del purpose["lo"]
    edit(content / "hotlines.yml", data["entries"][0]["id"], {"purpose": purpose})
    result = kb_check("--dir", str(content))
    assert result.returncode == 1
    assert "'lo' is a required property" in result.stderr
    assert "th-hotline-1300" in result.stderr


def test_blank_translation_fails(content: Path) -> None:
    text = {language: "x" for language in LANGUAGES} | {"my": "  "}
    edit(content / "fees.yml", "fees-employer-pays", {"text": text})
    report = check(content, REVIEW_DAY)
    assert not report.ok
    assert any("fees-employer-pays: entries/0/text/my" in problem for problem in report.problems)


def test_entry_without_source_fails(content: Path) -> None:
    edit(content / "rights.yml", "rights-th-wages", {}, drop=("source",))
    result = kb_check("--dir", str(content))
    assert result.returncode == 1
    assert "rights-th-wages" in result.stderr and "'source' is a required property" in result.stderr


def test_source_without_url_or_document_fails(content: Path) -> None:
    edit(content / "rights.yml", "rights-th-wages", {"source": {"org": "Someone"}})
    report = check(content, REVIEW_DAY)
    assert any("rights-th-wages: entries" in problem for problem in report.problems)


@pytest.mark.parametrize(
    ("entry_id", "change", "message"),
    [
        ("th-hotline-1300", {"status": "checked"}, "is not one of ['verified', 'unverified']"),
        ("th-hotline-1300", {"countries": ["Thailand"]}, "does not match"),
        ("th-hotline-1300", {"countries": ["XZ"]}, "unknown country code 'XZ'"),
        ("th-hotline-1300", {"last_reviewed": "yesterday"}, "does not match"),
        ("th-hotline-1300", {"number": "call 1300"}, "does not match"),
        ("th-hotline-1546", {"id": "th-hotline-1300"}, "duplicate id"),
        ("th-hotline-1300", {"kind": "police"}, "is not one of ['trafficking'"),
        ("th-hotline-1546", {"number": "13 00"}, "number 13 00 is also in th-hotline-1300"),
    ],
)
def test_schema_and_consistency_errors_fail(
    content: Path, entry_id: str, change: dict[str, object], message: str
) -> None:
    edit(content / "hotlines.yml", entry_id, change)
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(content)
    assert any(message in problem for problem in raised.value.problems), raised.value.problems


@pytest.mark.parametrize("field", ["hours", "kind"])
def test_hotline_without_hours_or_kind_fails(content: Path, field: str) -> None:
    edit(content / "hotlines.yml", "th-hotline-1669", {}, drop=(field,))
    report = check(content, REVIEW_DAY)
    assert any(f"'{field}' is a required property" in problem for problem in report.problems)


def test_reference_to_a_missing_hotline_fails(content: Path) -> None:
    edit(content / "rights.yml", "rights-th-if-breached", {"refs": ["th-hotline-0000"]})
    report = check(content, REVIEW_DAY)
    assert any("refs 'th-hotline-0000'" in problem for problem in report.problems)


def test_general_entries_exist_for_every_topic_and_use_the_wildcard() -> None:
    knowledge = load_knowledge()
    general = {entry.topic for entry in knowledge.entries if ANY_COUNTRY in entry.countries}
    assert general == set(TOPICS)
