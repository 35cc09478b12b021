"""Tokeniser: words as ICU finds them, for scripts written with and without spaces.

Thai, Lao, Khmer, Burmese and Chinese put no spaces between words; ICU's word ``BreakIterator``
segments them with its dictionaries and splits Latin-script text at spaces and punctuation, so
one iterator serves all seven languages. ICU counts in UTF-16 code units while Python counts code
points: offsets are translated so that entity spans line up with ``message.text`` (emoji and
other astral characters would otherwise shift every later token).
"""

from __future__ import annotations

from typing import Any

import icu
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

# Rule statuses ICU gives to segments that are words (letters, numbers, ideographs, kana);
# spaces, punctuation and emoji fall below UBRK_WORD_NONE_LIMIT.
_WORD_NONE_LIMIT = 100


def _utf16_to_index(text: str) -> list[int]:
    """Maps each UTF-16 offset of ``text`` (and its end) to the Python string index."""
    mapping = []
    for index, ch in enumerate(text):
        mapping.append(index)
        if ord(ch) > 0xFFFF:
            mapping.append(index)
    mapping.append(len(text))
    return mapping


def segment(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` as ``(word, start, end)`` with Python string offsets."""
    iterator = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    iterator.setText(text)
    to_index = _utf16_to_index(text)
    words = []
    start = iterator.first()
    for end in iterator:
        if iterator.getRuleStatus() >= _WORD_NONE_LIMIT:
            begin, finish = to_index[start], to_index[end]
            words.append((text[begin:finish], begin, finish))
        start = end
    return words


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class ICUTokenizer(Tokenizer):
    """Dictionary-based segmentation for th, lo, km, my, zh; spaces and punctuation for en, vi."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ICUTokenizer:
        return cls({**cls.get_default_config(), **config})

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(word, start, end) for word, start, end in segment(text)]
        if not tokens:
            # Rasa needs at least one token; an emoji-only message keeps its whole text.
            tokens = [Token(text, 0, len(text))]
        patterned: list[Token] = self._apply_token_pattern(tokens)
        return patterned
