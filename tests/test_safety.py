"""Hotline numbers, the escalation record and the wording of the safety replies."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.actions.safety import numbers_block
from bot.constants import LANGUAGES
from bot.i18n import load_catalogue
from bot.knowledge import load_knowledge
from bot.knowledge.loader import CONTENT_DIR_ENV, DEFAULT_CONTENT_DIR
from bot.safety.escalations import ESCALATION_LOG_ENV, record_escalation
from bot.safety.hotlines import countries_with_hotlines, hotlines_for

SAFETY_MESSAGES = [
    "safety.intro",
    "safety.crisis",
    "safety.again",
    "safety.thanks",
    "safety.ask_country",
    "safety.declined",
    "concern.offer",
    "placeholder.report_problem",
]
# Words a lock-screen preview must not show (what someone checking the phone would react to).
ALARMING = {
    "en": ["danger", "traffick", "police", "victim", "abuse", "suicide", "emergency", "escape"],
    "th": ["อันตราย", "ค้ามนุษย์", "ตำรวจ", "เหยื่อ", "ฆ่าตัวตาย", "ฉุกเฉิน", "ทำร้าย"],
    "km": ["គ្រោះថ្នាក់", "ជួញដូរ", "ប៉ូលិស", "ជនរងគ្រោះ", "សម្លាប់ខ្លួន", "បន្ទាន់"],
    "lo": ["ອັນຕະລາຍ", "ຄ້າມະນຸດ", "ຕຳຫຼວດ", "ຜູ້ເຄາະຮ້າຍ", "ຂ້າຕົວຕາຍ", "ສຸກເສີນ"],
    "my": ["အန္တရာယ်", "လူကုန်ကူး", "ရဲ", "သားကောင်", "သတ်သေ", "အရေးပေါ်"],
    "vi": ["nguy hiểm", "mua bán người", "công an", "cảnh sát", "nạn nhân", "tự tử", "khẩn cấp"],
    "zh": ["危险", "拐卖", "贩卖", "报警", "警察", "受害", "自杀", "紧急"],
}
VICTIM = {
    "en": "victim",
    "th": "เหยื่อ",
    "km": "ជនរងគ្រោះ",
    "lo": "ຜູ້ເຄາະຮ້າຍ",
    "my": "သားကောင်",
    "vi": "nạn nhân",
    "zh": "受害",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("message_id", SAFETY_MESSAGES)
def test_first_lines_of_safety_replies_are_calm(message_id: str, language: str) -> None:
    first_line = load_catalogue().text(message_id, language).splitlines()[0].lower()
    assert [word for word in ALARMING[language] if word in first_line] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_safety_reply_calls_anyone_a_victim(language: str) -> None:
    catalogue = load_catalogue()
    for message_id in catalogue.ids:
        if message_id.startswith(("safety.", "concern.", "hotline.", "placeholder.report")):
            assert VICTIM[language] not in catalogue.text(message_id, language).lower()


def test_report_problem_no_longer_pushes_the_police() -> None:
    for language in LANGUAGES:
        text = load_catalogue().text("placeholder.report_problem", language).lower()
        assert [word for word in ALARMING[language] if word in text] == []


def _shows(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d-]){re.escape(number)}(?!\d)", text) is not None


def test_only_verified_numbers_are_given() -> None:
    knowledge = load_knowledge()
    unverified = [e for e in knowledge.entries if e.hotline and not e.verified]
    assert unverified, "the shipped content has unverified numbers; none may be given"
    for entry in unverified:
        assert entry.hotline is not None
        for country in entry.countries:
            for crisis in (False, True):
                given = [h.number for h in hotlines_for(country, crisis=crisis)]
                assert entry.hotline.number not in given, entry.id
    assert [h.number for h in hotlines_for("th")] == ["1300", "1669", "191"]
    assert [h.number for h in hotlines_for("MY")] == ["999", "03-8000 8000", "15999"]
    assert all(
        h.status == "verified" and h.source_url.startswith("http")
        for c in countries_with_hotlines()
        for h in hotlines_for(c)
    )
    assert hotlines_for(None) == hotlines_for("ZZ") == hotlines_for("*") == []
    assert hotlines_for("MM") == []  # no number for Myanmar could be sourced


def test_labour_lines_stay_out_of_safety_replies() -> None:
    labour = [e for e in load_knowledge().entries if e.hotline and e.hotline.kind == "labour"]
    assert any(e.verified for e in labour)  # 1546 and 12333: verified, still not a safety line
    for entry in labour:
        for country in entry.countries:
            assert entry.id not in [h.entry.id for h in hotlines_for(country)]


def test_crisis_lines_come_first_for_self_harm_and_only_then() -> None:
    assert [h.kind for h in hotlines_for("TH", crisis=True)] == ["crisis", "emergency", "emergency"]
    assert [h.number for h in hotlines_for("TH", crisis=True)] == ["1323", "1669", "191"]
    assert "crisis" not in [h.kind for h in hotlines_for("TH")]
    assert [h.number for h in hotlines_for("CN", crisis=True)] == ["12356", "110"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_safety_replies_show_every_verified_number_and_no_other(language: str) -> None:
    unverified = {
        e.hotline.number for e in load_knowledge().entries if e.hotline and not e.verified
    }
    assert countries_with_hotlines() == ["TH", "MY", "CN", "VN", "KH", "LA"]
    for country in countries_with_hotlines():
        for crisis in (False, True):
            text = numbers_block(country, language, crisis=crisis)
            for hotline in hotlines_for(country, crisis=crisis):
                line = hotline.entry.hotline
                assert line is not None
                assert f"📞 {hotline.number} — {line.purpose[language]}" in text
            assert [n for n in unverified if _shows(text, n)] == [], (country, crisis)
            assert "⚠️" not in text


def test_a_number_marked_unverified_in_the_knowledge_base_leaves_the_replies_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "hotlines.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        if entry["id"] == "th-hotline-1300":
            entry["status"] = "unverified"
        if entry["id"] == "th-hotline-1694":
            entry["status"] = "verified"  # a labour line: verified or not, no safety line
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert "1300" in numbers_block("TH", "km")
    monkeypatch.setenv(CONTENT_DIR_ENV, str(content))
    text = numbers_block("TH", "km")
    assert not _shows(text, "1300") and not _shows(text, "1694")
    assert _shows(text, "191")


def test_escalations_are_recorded_without_any_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "escalations.jsonl"
    monkeypatch.setenv(ESCALATION_LOG_ENV, str(log))
    record_escalation("conv-1", "urgent", ["violence"], language="km", country="TH", channel="web")
    record_escalation("conv-1", "urgent", [], language="km", event="declined")
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["event"], r["risk_level"], r["indicators"]) for r in lines] == [
        ("escalated", "urgent", ["violence"]),
        ("declined", "urgent", []),
    ]
    assert set(lines[0]) == {
        "at",
        "event",
        "conversation",
        "channel",
        "language",
        "country",
        "risk_level",
        "indicators",
    }


@pytest.mark.parametrize(
    ("level", "indicators", "event"),
    [
        ("urgent", ["he hit me"], "escalated"),  # free text cannot pass as an indicator
        ("panic", [], "escalated"),
        ("urgent", [], "opened"),
    ],
)
def test_escalation_fields_are_checked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    level: str,
    indicators: list[str],
    event: str,
) -> None:
    monkeypatch.setenv(ESCALATION_LOG_ENV, str(tmp_path / "log.jsonl"))
    with pytest.raises(ValueError, match="unknown"):
        record_escalation("c", level, indicators, language="en", event=event)
    assert not (tmp_path / "log.jsonl").exists()
