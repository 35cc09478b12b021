"""What Phuean's two fastText components share: training from labelled lines, and persisting the
model inside the Rasa model archive so that ``rasa train`` produces everything serving needs.

Hyperparameters come from the component's config (``epoch``, ``lr``, ``dim``, ``minn``, ``maxn``,
``word_ngrams``, ``bucket``); training uses one thread so that the same data gives the same model.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import fasttext
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from typing_extensions import Self

logger = logging.getLogger(__name__)

LABEL_PREFIX = "__label__"


class FastTextComponent(GraphComponent):
    """Base of a trainable Rasa component backed by one fastText supervised model."""

    model_file: ClassVar[str]

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
    ) -> Self:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Self:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = fasttext.load_model(str(directory / cls.model_file))
        except (ValueError, FileNotFoundError):
            logger.warning("%s: no trained model in this Rasa model", cls.__name__)
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def fit(self, lines: list[str]) -> Resource:
        """Trains on ``__label__<label> <text>`` lines and stores the model in the resource."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "train.txt"
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
            self._model.save_model(str(directory / self.model_file))
        return self._resource

    def predict(self, line: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` most likely labels of ``line`` with their probabilities (none untrained)."""
        if self._model is None or not line:
            return []
        labels, probabilities = self._model.predict(line, k=k)
        return [
            (label.removeprefix(LABEL_PREFIX), min(float(probability), 1.0))
            for label, probability in zip(labels, probabilities, strict=True)
        ]
