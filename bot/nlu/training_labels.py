"""Reads the language label that each intent block of ``data/nlu/<lang>/`` carries.

Rasa keeps YAML ``metadata`` on every training message (``{"intent": {...}, "example": {...}}``);
an example-level label wins over its block's label.
"""

from __future__ import annotations

from rasa.shared.nlu.constants import METADATA, METADATA_EXAMPLE, METADATA_INTENT
from rasa.shared.nlu.training_data.message import Message

from bot.constants import LANGUAGES, METADATA_LANGUAGE


def example_language(message: Message) -> str | None:
    metadata = message.get(METADATA) or {}
    for level in (METADATA_EXAMPLE, METADATA_INTENT):
        labels = metadata.get(level)
        if isinstance(labels, dict) and labels.get(METADATA_LANGUAGE) in LANGUAGES:
            return str(labels[METADATA_LANGUAGE])
    return None
