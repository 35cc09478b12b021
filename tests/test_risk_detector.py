"""The risk detector on small sample lexicons: phrases, cues, intents, scripts and levels.

The samples in ``tests/data/risk_unit/`` keep these tests about the mechanism; the project's own
lexicons are judged against the labelled set in tests/test_risk_quality.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.constants import RISK_KEY
from bot.nlu.risk_detector import RiskDetector
from bot.nlu.risk_lexicon import LEXICON_DIR, LexiconError, load_lexicon, load_lexicons
from bot.nlu.risk_screening import RiskScreener
from bot.nlu.zawgyi_normalizer import normalize
from tests.nlu_pipeline import create
from tests.services import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "tests" / "data" / "risk_unit"


@pytest.fixture(scope="module")
def screener() -> RiskScreener:
    return RiskScreener(load_lexicons(SAMPLES))


def level(screener: RiskScreener, text: str, intent: str | None = None) -> str:
    return screener.assess(text, intent).level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my boss took my passport", "concern"),
        ("the agent keeps her passport", "concern"),  # third person counts
        ("they locked us in the dorm", "urgent"),  # an urgent group alone
        ("he kept my passport and never paid me", "urgent"),  # two indicators at once
        ("I want to die", "urgent"),
        ("i want to diet before the holidays", "none"),  # words stand as words
        ("I love my job and my passport is with me", "none"),
    ],
)
def test_levels_follow_the_indicators_found(
    screener: RiskScreener, text: str, expected: str
) -> None:
    assert level(screener, text) == expected


@pytest.mark.parametrize(
    ("text", "cancelled_by"),
    [
        ("my boss never took my passport", "negation"),
        ("no one locked me in, I just stay inside", "negation"),
        ("they took my passport for a week and I got it back", "resolved"),
        ("if they lock me in what should I do", "hypothetical"),
        ("this job is killing myself lol", "joke"),
        ("นายจ้างไม่ได้ยึดพาสปอร์ตผม", "negation"),
        ("老板没有扣我的护照", "negation"),
        ("เขาขังผมไว้ 555", "joke"),
    ],
)
def test_cues_near_a_phrase_cancel_it(screener: RiskScreener, text: str, cancelled_by: str) -> None:
    assessment = screener.assess(text)
    assert assessment.level == "none"
    assert [m.cue for m in assessment.matches] == [cancelled_by]
    assert assessment.parse_result()["matches"] == []


def test_a_cue_does_not_reach_into_the_next_clause(screener: RiskScreener) -> None:
    # "used to" belongs to the first clause; "but" ends it.
    assessment = screener.assess("he used to lock me in but now he keeps my passport")
    assert [(m.category, m.cue) for m in assessment.matches] == [
        ("movement_restriction", "resolved"),
        ("document_retention", None),
    ]
    assert assessment.level == "concern"
    # A negation in an earlier sentence does not cancel a later report.
    assert level(screener, "I did not sign anything. They locked me in.") == "urgent"


def test_threats_are_conditional_by_nature(screener: RiskScreener) -> None:
    assert level(screener, "they said if I run they will kill my family") == "concern"


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("can my boss keep my passport?", "ask_rights", "none"),
        ("can my boss keep my passport?", None, "none"),
        ("is it legal that he keeps my passport", "report_problem", "concern"),
        ("นายจ้างยึดพาสปอร์ตได้ไหม", "ask_rights", "none"),
        ("老板可以扣我的护照吗", "ask_rights", "none"),
        # A report that ends in a question is still a report: the question is its own clause.
        ("he locked me in, what can I do?", "ask_rights", "urgent"),
    ],
)
def test_rule_questions_are_not_reports_unless_the_intent_says_so(
    screener: RiskScreener, text: str, intent: str | None, expected: str
) -> None:
    assert level(screener, text, intent) == expected


@pytest.mark.parametrize(
    "text",
    ["นายจ้างยึดพาสปอร์ตผมไว้", "นายจ้าง ยึด พาสปอร์ต ผม", "老板扣了我的护照", "老板 扣了 我的 护照"],
)
def test_unspaced_scripts_match_with_or_without_spaces(screener: RiskScreener, text: str) -> None:
    assessment = screener.assess(text)
    assert assessment.indicators == ("document_retention",)
    match = assessment.parse_result()["matches"][0]
    assert match["start"] < match["end"] <= len(text)


def test_burmese_typed_in_zawgyi_is_screened_after_normalising(screener: RiskScreener) -> None:
    zawgyi = "အလုပ္ရွင္က ပတ္စပို႔ သိမ္းထားတယ္"  # "the employer keeps my passport", in Zawgyi
    assert screener.assess(zawgyi).level == "none"  # Zawgyi bytes are not the Unicode phrase
    unicode, was_zawgyi = normalize(zawgyi)
    assert was_zawgyi
    assessment = screener.assess(unicode)
    assert assessment.indicators == ("document_retention",)
    assert assessment.matches[0].pattern == "my-passport-taken-01"


@pytest.mark.parametrize("text", ["chủ giữ hộ chiếu của tôi", "chu giu ho chieu cua toi"])
def test_vietnamese_matches_with_and_without_tone_marks(screener: RiskScreener, text: str) -> None:
    assessment = screener.assess(text)
    assert assessment.indicators == ("document_retention",)
    start, end = assessment.matches[0].start, assessment.matches[0].end
    assert text[start:end].lower().startswith(("giữ", "giu"))
    assert level(screener, "chủ không giữ hộ chiếu của tôi") == "none"


def test_match_offsets_point_into_the_original_text(screener: RiskScreener) -> None:
    text = "Hi!! 🙏 My BOSS Took My Passport."
    [match] = screener.assess(text).parse_result()["matches"]
    assert text[match["start"] : match["end"]] == "Took My Passport"
    assert match == {
        "category": "document_retention",
        "pattern": "en-passport-taken-01",
        "start": match["start"],
        "end": match["end"],
    }


def test_component_sets_risk_on_every_message_using_the_intent(tmp_path: Path) -> None:
    detector = create(RiskDetector, tmp_path, "risk", lexicon_dir=str(SAMPLES))
    report = Message({TEXT: "is it legal that he keeps my passport"})
    report.set(INTENT, {"name": "report_problem", "confidence": 0.9})
    question = Message({TEXT: "is it legal that he keeps my passport"})
    question.set(INTENT, {"name": "ask_rights", "confidence": 0.9})
    empty = Message({TEXT: ""})
    detector.process([report, question, empty])
    assert report.get(RISK_KEY)["level"] == "concern"
    assert report.get(RISK_KEY)["indicators"] == ["document_retention"]
    assert question.get(RISK_KEY) == {"level": "none", "indicators": [], "matches": []}
    assert empty.get(RISK_KEY)["level"] == "none"
    assert RISK_KEY in report.as_dict(only_output_properties=True)


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_GROUP = """
  - id: en-ok
    category: violence
    urgent: true
    source: "test"
    patterns: ["hit me"]
"""


@pytest.mark.parametrize(
    ("group", "problem"),
    [
        (GOOD_GROUP.replace("violence", "sadness"), "category must be one of"),
        (GOOD_GROUP.replace('"hit me"', '"(hit"'), "not a valid regular expression"),
        (GOOD_GROUP.replace('"hit me"', '"(hit me)?"'), "matches empty text"),
        (GOOD_GROUP.replace("en-ok", "th-ok"), "id must look like 'en-short-name'"),
        (GOOD_GROUP.replace('    source: "test"\n', ""), "missing 'source'"),
        (GOOD_GROUP + "    typo: 1\n", "unknown key 'typo'"),
        (GOOD_GROUP + GOOD_GROUP, "id used twice"),
    ],
)
def test_a_bad_lexicon_file_is_refused_with_the_reason(
    tmp_path: Path, group: str, problem: str
) -> None:
    path = _write(tmp_path, "en.yml", "groups:" + group)
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert problem in str(error.value)
    assert str(path) in str(error.value)


def test_the_detector_fails_loudly_on_a_bad_file_or_a_missing_directory(tmp_path: Path) -> None:
    _write(tmp_path / "lex", "en.yml", "groups:" + GOOD_GROUP)
    _write(tmp_path / "lex", "th.yml", "groups:" + GOOD_GROUP.replace("en-ok", "th-ok"))
    assert create(RiskDetector, tmp_path, "ok", lexicon_dir=str(tmp_path / "lex"))
    _write(tmp_path / "lex", "zh.yml", "cues: {negation: [没有]}\n")
    with pytest.raises(LexiconError, match=r"zh\.yml"):
        create(RiskDetector, tmp_path, "bad", lexicon_dir=str(tmp_path / "lex"))
    with pytest.raises(FileNotFoundError):
        create(RiskDetector, tmp_path, "none", lexicon_dir=str(tmp_path / "missing"))


def test_the_project_lexicons_load() -> None:
    lexicons = load_lexicons(LEXICON_DIR)
    assert lexicons, "bot/nlu/risk_lexicon/ has no lexicon"
    for lexicon in lexicons.values():
        assert lexicon.groups


def test_spaces_in_look_behinds_stay_literal_so_the_pattern_compiles(tmp_path: Path) -> None:
    # A look-behind must keep a fixed width; elsewhere a space means "any or no white space".
    group = GOOD_GROUP.replace("en-ok", "my-ok").replace('"hit me"', '"(?<!ပုံ )ရိုက် ?တယ်"')
    lexicon = load_lexicon(_write(tmp_path, "my.yml", "groups:" + group))
    screener = RiskScreener({"my": lexicon})
    assert screener.assess("သူက ရိုက်တယ်").level == "urgent"
    assert screener.assess("ပုံ ရိုက်တယ်").level == "none"  # "took a photo", not "hit"


def test_latin_lexicons_are_skipped_for_a_few_loanwords_in_another_script(
    screener: RiskScreener,
) -> None:
    assert screener.languages_for("ကျွန်တော့် passport ကို အလုပ်ရှင်က သိမ်းထားတယ်") == ["my"]
    assert screener.languages_for("boss took my passport ยึดไว้") == ["en", "vi", "th"]
    assert screener.languages_for("🙏 123") == []
