"""Intent classifier: fastText supervised on the tokens the tokeniser produced.

Character n-grams (``minn``/``maxn``) make it robust to the typos, missing tone marks and
spelling variants of chat text in every script, word n-grams catch short phrases, and training
takes about a second where DIET takes minutes. Probabilities come from fastText's softmax, so
Rasa's ``FallbackClassifier`` can threshold them as it does DIET's.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
    TEXT_TOKENS,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.fasttext_component import LABEL_PREFIX, FastTextComponent

logger = logging.getLogger(__name__)


def fasttext_line(message: Message) -> str:
    """The message as fastText reads it: lower-cased tokens separated by single spaces."""
    tokens = message.get(TEXT_TOKENS)
    words = [t.text for t in tokens] if tokens else (message.get(TEXT) or "").split()
    return " ".join(w.lower() for w in words if w.strip())


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FastTextIntentClassifier(FastTextComponent, IntentClassifier):
    """Predicts ``intent`` and ``intent_ranking`` with a fastText model stored in the Rasa model."""

    model_file = "intent.bin"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "epoch": 60,
            "lr": 0.5,
            "dim": 64,
            "minn": 2,
            "maxn": 5,
            "word_ngrams": 2,
            "bucket": 200_000,
            "ranking_length": 10,
        }

    def train(self, training_data: TrainingData) -> Resource:
        lines = []
        for message in training_data.intent_examples:
            text = fasttext_line(message)
            if text:
                lines.append(f"{LABEL_PREFIX}{message.get(INTENT)} {text}")
        if len({line.split()[0] for line in lines}) < 2:
            logger.warning("Fewer than two intents in the training data; not training")
            return self._resource
        return self.fit(lines)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = self._rank(message)
            if ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
            else:
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                    add_to_output=True,
                )
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def _rank(self, message: Message) -> list[dict[str, Any]]:
        guesses = self.predict(fasttext_line(message), k=self._config["ranking_length"])
        return [
            {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}
            for intent, confidence in guesses
        ]
