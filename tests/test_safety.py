"""Hotline numbers, the escalation record and the wording of the safety replies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.constants import LANGUAGES
from bot.i18n import load_catalogue
from bot.safety.escalations import ESCALATION_LOG_ENV, record_escalation
from bot.safety.hotlines import HotlineDataError, hotlines_for, load_hotlines

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


def test_only_verified_numbers_are_given() -> None:
    every = load_hotlines()
    assert [h.number for h in every["MM"] if h.status == "verified"] == []
    assert hotlines_for("MM") == []  # the unverified police number is never shown
    assert [h.number for h in hotlines_for("th")] == ["1300", "191"]
    verified = [h for entries in every.values() for h in entries if h.status == "verified"]
    assert all(h.source_url.startswith("http") for h in verified)
    assert hotlines_for(None) == hotlines_for("ZZ") == []


def test_crisis_lines_come_first_for_self_harm_and_only_then() -> None:
    assert [h.kind for h in hotlines_for("TH", crisis=True)] == ["crisis", "emergency"]
    assert "crisis" not in [h.kind for h in hotlines_for("TH")]
    assert [h.number for h in hotlines_for("CN", crisis=True)] == ["12356", "110"]


def test_a_number_without_a_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hotlines.yml"
    path.write_text(
        "XX:\n  - number: '123'\n    kind: emergency\n    status: verified\n"
        "    last_reviewed: 2026-01-01\n    source: {org: ''}\n"
    )
    with pytest.raises(HotlineDataError, match="needs a source"):
        load_hotlines(path)


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
