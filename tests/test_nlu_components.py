"""Phuean's NLU components on real data: normalise, identify, segment, classify, extract."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.constants import LANGUAGES
from bot.nlu.country_extractor import CountryExtractor, find_countries
from bot.nlu.fasttext_intent_classifier import FastTextIntentClassifier
from bot.nlu.icu_tokenizer import ICUTokenizer, segment
from bot.nlu.language_identifier import LanguageIdentifier
from bot.nlu.zawgyi_normalizer import ZawgyiNormalizer, normalize
from tests.nlu_pipeline import create, execution_context, project_training_data, storage
from tests.services import PROJECT_ROOT

# Zawgyi input -> the Unicode a reader expects (checked against ICU's Zawgyi-my transform and
# Google's detector; these are phrases from the project's own Burmese data typed in Zawgyi).
ZAWGYI = [
    ("ဘယ္လိုလဲ", "ဘယ်လိုလဲ"),
    ("အလုပ္ရွင္က ပတ္စပို႔ သိမ္းထားတယ္", "အလုပ်ရှင်က ပတ်စပို့ သိမ်းထားတယ်"),
    ("ေက်းဇူးတင္ပါတယ္", "ကျေးဇူးတင်ပါတယ်"),
]


@pytest.mark.parametrize(("zawgyi", "unicode"), ZAWGYI)
def test_zawgyi_is_converted_to_unicode(zawgyi: str, unicode: str) -> None:
    assert normalize(zawgyi) == (unicode, True)


@pytest.mark.parametrize("text", ["မင်္ဂလာပါ ခင်ဗျာ", "မလိုပါဘူး", "ကျေးဇူးတင်ပါတယ်", "hello", "สวัสดี"])
def test_unicode_text_is_left_untouched(text: str) -> None:
    assert normalize(text) == (text, False)


def test_stray_zawgyi_sentence_inside_unicode_text_is_converted_alone() -> None:
    text, zawgyi = normalize("hello ဘယ္လိုလဲ ok")
    assert (text, zawgyi) == ("hello ဘယ်လိုလဲ ok", True)


def test_invisible_and_control_characters_are_removed() -> None:
    assert normalize("pass\u200bport\x00 \ufeffok") == ("passport  ok", False)
    assert normalize("bad \ud800 surrogate")[0] == "bad \ufffd surrogate"


SEGMENTS = {
    "th": ("นายจ้างยึดพาสปอร์ตผม", ["นายจ้าง", "ยึด"]),
    "lo": ("ເຈົ້າຂອງຮ້ານບໍ່ຈ່າຍເງິນເດືອນ", ["ເຈົ້າຂອງ", "ຮ້ານ", "ບໍ່"]),
    "km": ("ថៅកែមិនឲ្យប្រាក់ខែខ្ញុំ", ["ថៅកែ", "មិន", "ប្រាក់ខែ", "ខ្ញុំ"]),
    "my": ("အလုပ်ရှင်က ပတ်စပို့ သိမ်းထားတယ်", ["အလုပ်ရှင်", "က"]),
    "zh": ("老板扣了我的护照", ["老板", "护照"]),
    "vi": ("tôi muốn hỏi về phí môi giới", ["tôi", "muốn", "phí", "giới"]),
    "en": ("agent wants 25,000 baht, ok?", ["agent", "25,000", "baht", "ok"]),
}


@pytest.mark.parametrize("language", sorted(SEGMENTS))
def test_each_script_segments_into_words_with_true_offsets(language: str) -> None:
    text, expected = SEGMENTS[language]
    words = segment(text)
    assert [w for w in expected if w not in [word for word, _, _ in words]] == []
    assert all(text[start:end] == word for word, start, end in words)
    assert len(words) >= len(expected)


def test_offsets_stay_right_after_emoji() -> None:
    text = "🙏🙏 ผมอยู่ไทย"
    assert all(text[start:end] == word for word, start, end in segment(text))


def test_tokenizer_gives_a_token_even_for_emoji_only(tmp_path: Path) -> None:
    tokenizer = create(ICUTokenizer, tmp_path, "tok")
    message = Message({TEXT: "🙏🙏"})
    tokenizer.process([message])
    assert [t.text for t in message.get("text_tokens")] == ["🙏🙏"]


@pytest.fixture(scope="module")
def normalized_training_data(tmp_path_factory: pytest.TempPathFactory) -> TrainingData:
    data = copy.deepcopy(project_training_data())
    create(ZawgyiNormalizer, tmp_path_factory.mktemp("norm"), "norm").process_training_data(data)
    return data


def _load(component: Any, path: Path, name: str) -> Any:
    return component.load(
        component.get_default_config(), storage(path), Resource(name), execution_context()
    )


def test_language_identifier_round_trip_and_held_out_accuracy(
    tmp_path: Path, normalized_training_data: TrainingData
) -> None:
    trained = create(LanguageIdentifier, tmp_path, "lid")
    trained.train(normalized_training_data)
    loaded = _load(LanguageIdentifier, tmp_path, "lid")

    total = correct = 0
    for language in LANGUAGES:
        lines = (PROJECT_ROOT / "tests/data/langid" / f"{language}.txt").read_text().splitlines()
        for line in filter(None, lines):
            text, _ = normalize(line)
            # No conversation yet: the identifier must decide from the text alone.
            assert loaded.identify(text) == trained.identify(text)
            correct += loaded.identify(text)["code"] == language
            total += 1
    assert total >= 7 * 50
    assert correct / total >= 0.98, f"language-ID accuracy {correct / total:.3f}"


def test_language_identifier_keeps_conversation_language_when_unsure(
    tmp_path: Path, normalized_training_data: TrainingData
) -> None:
    identifier = create(LanguageIdentifier, tmp_path, "lid")
    identifier.train(normalized_training_data)
    assert identifier.identify("🙏🙏", "km") | {"confidence": 0} == {
        "code": "km",
        "confidence": 0,
        "script": "Zyyy",
        "source": "conversation",
        "zawgyi": False,
    }
    assert identifier.identify("ok", "th")["code"] == "th"
    assert identifier.identify("toi bi chu giu ho chieu", "th")["code"] == "vi"


def test_intent_classifier_round_trip(
    tmp_path: Path, normalized_training_data: TrainingData
) -> None:
    tokenizer = create(ICUTokenizer, tmp_path, "tok")
    tokenizer.process_training_data(normalized_training_data)
    classifier = create(FastTextIntentClassifier, tmp_path, "intent")
    classifier.train(normalized_training_data)
    loaded = _load(FastTextIntentClassifier, tmp_path, "intent")

    message = Message({TEXT: "ខ្ញុំចង់និយាយជាមួយមនុស្ស"})
    tokenizer.process([message])
    loaded.process([message])
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == "request_human"
    assert 0 < ranking[-1]["confidence"] <= ranking[0]["confidence"] <= 1
    assert len(ranking) == 10


COUNTRIES = [
    ("I work in Thailand now", ["TH"]),
    ("ผมอยู่มาเลเซีย", ["MY"]),
    ("ខ្ញុំនៅថៃ", ["TH"]),
    ("ຂ້ອຍຢູ່ປະເທດໄທ", ["TH"]),
    ("ထိုင်းမှာ အလုပ်လုပ်တယ်", ["TH"]),
    ("toi dang o Malaysia", ["MY"]),
    ("Tôi từ Việt Nam sang Trung Quốc", ["VN", "CN"]),
    ("我从缅甸去泰国", ["MM", "TH"]),
    ("a woman from Oman", ["OM"]),
    ("ລາວບໍ່ຈ່າຍເງິນ", []),  # ລາວ: "he/she", not the country
    ("chị ấy có thai 3 tháng", []),  # "có thai": pregnant, not Thailand
]


@pytest.mark.parametrize(("text", "codes"), COUNTRIES)
def test_country_names_in_every_language_become_iso_codes(text: str, codes: list[str]) -> None:
    found = find_countries(text)
    assert [code for code, _, _ in found] == codes
    assert all(text[start:end] for _, start, end in found)


def test_country_extractor_component_adds_entities(tmp_path: Path) -> None:
    message = Message({TEXT: "going to msia from burma"})
    create(CountryExtractor, tmp_path, "country").process([message])
    assert [(e["entity"], e["value"], e["start"], e["end"]) for e in message.get("entities")] == [
        ("country", "MY", 9, 13),
        ("country", "MM", 19, 24),
    ]
