"""Normaliser: the first step of the pipeline, so that everything after it sees clean Unicode.

Burmese is still often typed in the Zawgyi font encoding, which reuses Unicode's Myanmar code
points with different meanings: to a Unicode reader a Zawgyi sentence is gibberish. Google's
detector (``myanmartools``) tells the two apart and ICU's ``Zawgyi-my`` transliterator converts.
Detection runs per run of Myanmar characters, so one Zawgyi sentence pasted into Unicode text (or
into English) is converted without touching the rest.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import icu
from myanmartools import ZawgyiDetector
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.constants import NORMALIZATION_KEY

# Myanmar, Myanmar Extended-A and -B; spaces inside a run keep a Zawgyi sentence together.
_MYANMAR_RUN = re.compile(
    r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff][\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff\s]*"
)
# Zero-width characters and the soft hyphen carry no meaning for us but split or hide words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_KEEP_CONTROLS = {"\n", "\t"}


@cache
def _detector() -> ZawgyiDetector:
    return ZawgyiDetector()


@cache
def _zawgyi_to_unicode() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Zawgyi-my")


def is_zawgyi(text: str, threshold: float = 0.95) -> bool:
    """Whether a run of Myanmar text is more likely Zawgyi than Unicode."""
    return float(_detector().get_zawgyi_probability(text)) >= threshold


def normalize(text: str, zawgyi_threshold: float = 0.95) -> tuple[str, bool]:
    """Clean ``text`` and convert Zawgyi runs; returns the text and whether Zawgyi was found."""
    # Lone surrogates (from broken clients) would make any later encode() raise.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    found_zawgyi = False

    def convert(match: re.Match[str]) -> str:
        nonlocal found_zawgyi
        run = match.group(0)
        if not is_zawgyi(run, zawgyi_threshold):
            return run
        converted = str(_zawgyi_to_unicode().transliterate(run))
        # Short Unicode Burmese can score as Zawgyi; if converting changes nothing, it was not.
        found_zawgyi = found_zawgyi or converted != run
        return converted

    # Before NFC: composing Zawgyi's marks as if they were Unicode would scramble them.
    text = _MYANMAR_RUN.sub(convert, text)
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" and ch not in _KEEP_CONTROLS else ch for ch in text
    )
    return text.strip(), found_zawgyi


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class ZawgyiNormalizer(GraphComponent):
    """Unicode NFC, invisible and control characters removed, Zawgyi converted to Unicode."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"zawgyi_threshold": 0.95}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config["zawgyi_threshold"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ZawgyiNormalizer:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalize(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._normalize(message)
        return messages

    def _normalize(self, message: Message) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str):
            return
        normalized, zawgyi = normalize(text, self._threshold)
        message.set(TEXT, normalized)
        message.set(NORMALIZATION_KEY, {"zawgyi": zawgyi})
