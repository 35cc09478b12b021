"""Intent classifier: fastText supervised on the tokens the tokeniser produced.

Character n-grams (``minn``/``maxn``) make it robust to the typos, missing tone marks and
spelling variants of chat text in every script, word n-grams catch short phrases, and training
takes about a second where DIET takes minutes. Probabilities come from fastText's softmax, so
Rasa's ``FallbackClassifier`` can threshold them as it does DIET's.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import fasttext
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
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

logger = logging.getLogger(__name__)

_MODEL_FILE = "intent.bin"
_LABEL = "__label__"


def fasttext_line(message: Message) -> str:
    """The message as fastText reads it: lower-cased tokens separated by single spaces."""
    tokens = message.get(TEXT_TOKENS)
    words = [t.text for t in tokens] if tokens else (message.get(TEXT) or "").split()
    return " ".join(w.lower() for w in words if w.strip())


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FastTextIntentClassifier(GraphComponent, IntentClassifier):
    """Predicts ``intent`` and ``intent_ranking`` with a fastText model stored in the Rasa model."""

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

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Any | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FastTextIntentClassifier:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FastTextIntentClassifier:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = fasttext.load_model(str(directory / _MODEL_FILE))
        except (ValueError, FileNotFoundError):
            logger.warning("No trained intent model found; every message gets no intent")
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        lines = []
        for message in training_data.intent_examples:
            text = fasttext_line(message)
            if text:
                lines.append(f"{_LABEL}{message.get(INTENT)} {text}")
        if len({line.split()[0] for line in lines}) < 2:
            logger.warning("Fewer than two intents in the training data; not training")
            return self._resource
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "intents.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            self._model = fasttext.train_supervised(
                input=str(path),
                epoch=self._config["epoch"],
                lr=self._config["lr"],
                dim=self._config["dim"],
                minn=self._config["minn"],
                maxn=self._config["maxn"],
                wordNgrams=self._config["word_ngrams"],
                bucket=self._config["bucket"],
                thread=1,
                verbose=0,
            )
        with self._storage.write_to(self._resource) as directory:
            self._model.save_model(str(directory / _MODEL_FILE))
        return self._resource

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
        text = fasttext_line(message)
        if self._model is None or not text:
            return []
        labels, probabilities = self._model.predict(text, k=self._config["ranking_length"])
        return [
            {
                INTENT_NAME_KEY: label.removeprefix(_LABEL),
                PREDICTED_CONFIDENCE_KEY: min(float(probability), 1.0),
            }
            for label, probability in zip(labels, probabilities, strict=True)
        ]
