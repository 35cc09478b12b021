"""Language identifier: which of the seven languages a message is written in.

Five of our languages have a script of their own, so for them the script decides (ICU's Unicode
script property, counted per letter). English and Vietnamese share the Latin script, and many
Vietnamese users type without tone marks, so a small fastText model trained at ``rasa train`` time
on the project's own Latin-script examples, plus a de-accented copy of every Vietnamese one, tells
them apart. Messages with nothing to go on (emoji, digits, "ok") keep the conversation's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

import icu
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.constants import (
    LANGUAGE_KEY,
    LANGUAGES,
    LATIN_LANGUAGES,
    NORMALIZATION_KEY,
    SLOT_LANGUAGE,
    SOURCE_CONVERSATION,
    SOURCE_MODEL,
    SOURCE_SCRIPT,
)
from bot.i18n.tone_marks import strip_tone_marks
from bot.nlu.fasttext_component import LABEL_PREFIX, FastTextComponent
from bot.nlu.training_labels import example_language

SCRIPT_LANGUAGES = {"Thai": "th", "Laoo": "lo", "Khmr": "km", "Mymr": "my", "Hani": "zh"}
LATIN = "Latn"
# A Han character carries about a word; Thai, Lao, Khmer and Burmese letters are closer to Latin.
_SCRIPT_WEIGHT = {"Hani": 3.0}
_WORD = re.compile(r"\w+", re.UNICODE)


def script_counts(text: str) -> Counter[str]:
    """Letters per ICU script code (``Latn``, ``Thai``, ...); digits, emoji, spaces don't count."""
    counts: Counter[str] = Counter()
    for ch in text:
        if unicodedata.category(ch)[0] in {"L", "M"}:
            counts[icu.Script.getScript(ch).getShortName()] += 1
    return counts


def _fasttext_line(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class LanguageIdentifier(FastTextComponent):
    """Sets ``language`` on every message: code, confidence, script, source and zawgyi flag."""

    model_file = "latin_language.bin"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Below this, a Latin-script guess yields to the conversation's language.
            "min_confidence": 0.7,
            # Fewer Latin-script words than this keep a Thai/Khmer/... conversation's language.
            "min_words_to_switch": 3,
            "epoch": 40,
            "lr": 0.5,
            "dim": 16,
            "minn": 2,
            "maxn": 4,
            "word_ngrams": 2,
            "bucket": 100_000,
        }

    def train(self, training_data: TrainingData) -> Resource:
        lines = []
        for message in training_data.intent_examples:
            language = example_language(message)
            text = _fasttext_line(message.get(TEXT) or "")
            if language not in LATIN_LANGUAGES or not text:
                continue
            lines.append(f"{LABEL_PREFIX}{language} {text}")
            if language == "vi":
                lines.append(f"{LABEL_PREFIX}vi {strip_tone_marks(text)}")
        if {line.split()[0] for line in lines} != {
            f"{LABEL_PREFIX}{code}" for code in LATIN_LANGUAGES
        }:
            raise ValueError(
                "LanguageIdentifier needs training examples labelled 'en' and 'vi' "
                "(metadata: language) to tell the two Latin-script languages apart"
            )
        return self.fit(lines)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            language = example_language(message)
            result = self.identify(message.get(TEXT) or "")
            if language:
                # Training examples are labelled: the label beats any guess.
                result.update(code=language, confidence=1.0)
            message.set(LANGUAGE_KEY, result)
        return training_data

    def process(
        self, messages: list[Message], tracker: DialogueStateTracker | None = None
    ) -> list[Message]:
        conversation_language = tracker.get_slot(SLOT_LANGUAGE) if tracker else None
        for message in messages:
            result = self.identify(message.get(TEXT) or "", conversation_language)
            normalization = message.get(NORMALIZATION_KEY) or {}
            result["zawgyi"] = bool(normalization.get("zawgyi"))
            message.set(LANGUAGE_KEY, result, add_to_output=True)
        return messages

    def identify(self, text: str, conversation_language: str | None = None) -> dict[str, Any]:
        """The language of ``text``; falls back to ``conversation_language`` when unsure."""
        counts = script_counts(text)
        weighted = {script: n * _SCRIPT_WEIGHT.get(script, 1.0) for script, n in counts.items()}
        total = sum(weighted.values())
        if total:
            own = {s: w for s, w in weighted.items() if s in SCRIPT_LANGUAGES}
            if own:
                script = max(own, key=lambda s: own[s])
                # A few English words inside Thai or Khmer are normal; the own script decides
                # unless it is a stray character in a long Latin message.
                if own[script] >= 0.2 * total or own[script] >= 4:
                    return self._result(SCRIPT_LANGUAGES[script], own[script] / total, script)
            if weighted.get(LATIN, 0) >= 0.5 * total and not self._loanword_reply(
                text, conversation_language
            ):
                guess = self._latin_guess(text)
                if guess and guess[1] >= self._config["min_confidence"]:
                    return self._result(guess[0], guess[1], LATIN, SOURCE_MODEL)
        code = conversation_language if conversation_language in LANGUAGES else None
        script = max(counts, key=lambda s: counts[s]) if counts else "Zyyy"
        return self._result(code, 0.0, script, SOURCE_CONVERSATION)

    def _loanword_reply(self, text: str, conversation_language: str | None) -> bool:
        """'ok', 'thank you', 'MOU?': a Thai or Khmer speaker types these in Latin letters too."""
        if conversation_language in LATIN_LANGUAGES or conversation_language not in LANGUAGES:
            return False
        return len(_WORD.findall(text)) < int(self._config["min_words_to_switch"])

    def _latin_guess(self, text: str) -> tuple[str, float] | None:
        guesses = self.predict(_fasttext_line(text), k=1)
        return guesses[0] if guesses else None

    @staticmethod
    def _result(
        code: str | None, confidence: float, script: str, source: str = SOURCE_SCRIPT
    ) -> dict[str, Any]:
        return {
            "code": code,
            "confidence": round(confidence, 4),
            "script": script,
            "source": source,
            "zawgyi": False,
        }
