"""``/model/parse`` on the real Rasa server: the parse-result contract and bad input."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.chat import parse
from tests.services import Stack


def test_parse_result_carries_language_intent_and_country(stack: Stack) -> None:
    result = parse(stack.rasa_url, "ខ្ញុំនៅថៃ")
    assert result["language"] == {
        "code": "km",
        "confidence": result["language"]["confidence"],
        "script": "Khmr",
        "source": "script",
        "zawgyi": False,
    }
    assert result["language"]["confidence"] > 0.9
    assert result["intent"]["name"] == "inform_country"
    assert 0 < result["intent"]["confidence"] <= 1
    assert [(e["entity"], e["value"], e["extractor"]) for e in result["entities"]] == [
        ("country", "TH", "CountryExtractor")
    ]
    country = result["entities"][0]
    assert "ខ្ញុំនៅថៃ"[country["start"] : country["end"]] == "ថៃ"


def test_zawgyi_burmese_is_parsed_as_unicode(stack: Stack) -> None:
    result = parse(stack.rasa_url, "အလုပ္ရွင္က ပတ္စပို႔ သိမ္းထားတယ္")
    assert result["text"] == "အလုပ်ရှင်က ပတ်စပို့ သိမ်းထားတယ်"
    assert result["language"]["code"] == "my"
    assert result["language"]["zawgyi"] is True


def test_vietnamese_without_tone_marks_is_vietnamese(stack: Stack) -> None:
    result = parse(stack.rasa_url, "toi muon hoi ve phi moi gioi di malaysia")
    assert (result["language"]["code"], result["language"]["source"]) == ("vi", "model")
    assert [e["value"] for e in result["entities"]] == ["MY"]


BAD_INPUT = {
    "empty": "",
    "spaces": "   \n\t ",
    "huge": "ช่วยด้วย " * 1250,  # 10 000 characters
    "emoji only": "🙏😭🙏",
    "mixed scripts": "hello สวัสดี ជំរាបសួរ 你好 မင်္ဂလာပါ xin chào",
    "zawgyi inside unicode": "မင်္ဂလာပါ ဘယ္လိုလဲ ကျေးဇူးပါ",
    "control characters": "abc\x00\x07\u200b\ufeffdef",
    "right-to-left and combining": "\u202eabc\u0301\u0301\u0301",
}


@pytest.mark.parametrize("text", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_gets_a_parse_result_not_an_error(stack: Stack, text: str) -> None:
    result = parse(stack.rasa_url, text)
    assert "intent" in result
    assert set(result["language"]) == {"code", "confidence", "script", "source", "zawgyi"}


def test_lone_surrogate_gets_a_parse_result(stack: Stack) -> None:
    # Raw JSON with an unpaired surrogate escape, as a broken client may send it.
    body = b'{"text": "bad \\ud800 text"}'
    request = urllib.request.Request(
        f"{stack.rasa_url}/model/parse",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        result = json.loads(response.read().decode())
    assert result["text"] == "bad \ufffd text"
