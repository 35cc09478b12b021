"""Risk detector: sets ``risk`` (level, indicators, matches) on every message.

It runs after the intent classifier and the country extractor, on text the normaliser has already
cleaned (NFC, Zawgyi converted), so Burmese typed in Zawgyi is screened like Unicode Burmese.
The lexicon is read from ``bot/nlu/risk_lexicon/`` when the model is loaded, not stored in the
model: NGO staff add a phrase, restart the server, and it counts. A broken lexicon file stops the
server with the file, group and problem named (:class:`bot.nlu.risk_lexicon.LexiconError`).
How phrases, cues and intents combine is explained in :mod:`bot.nlu.risk_screening`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.constants import RISK_KEY
from bot.nlu.risk_cues import DEFAULT_REPORT_INTENTS, DEFAULT_VERB_FINAL_LANGUAGES
from bot.nlu.risk_lexicon import LEXICON_DIR, load_lexicons
from bot.nlu.risk_screening import RiskAssessment, RiskScreener


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RiskDetector(GraphComponent):
    """Screens each message for the eleven risk indicators of docs/design.md."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Relative paths are taken from the project root.
            "lexicon_dir": str(LEXICON_DIR),
            # A question cue does not cancel an indicator in a message with one of these intents.
            "report_intents": list(DEFAULT_REPORT_INTENTS),
            # How far before a phrase a negation ("not", "never") reaches, in words.
            "negation_words": 3,
            # How far from a phrase a rule question ("can my boss...", "...ได้ไหม") reaches.
            "question_words": 4,
            # Languages whose negation and "if" follow the verb, so cues are looked for after
            # a phrase too (Burmese: "ယူမသွားဘူး" ... "ဆိုရင်").
            "verb_final_languages": list(DEFAULT_VERB_FINAL_LANGUAGES),
        }

    def __init__(self, screener: RiskScreener) -> None:
        self.screener = screener

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskDetector:
        config = {**cls.get_default_config(), **config}
        directory = Path(config["lexicon_dir"])
        if not directory.is_absolute():
            directory = LEXICON_DIR.parent.parent.parent / directory
        if not directory.is_dir():
            raise FileNotFoundError(f"risk lexicon directory {directory} does not exist")
        screener = RiskScreener(
            load_lexicons(directory),
            report_intents=config["report_intents"],
            negation_words=int(config["negation_words"]),
            question_words=int(config["question_words"]),
            verb_final_languages=config["verb_final_languages"],
        )
        return cls(screener)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            message.set(RISK_KEY, self.assess(message).parse_result(), add_to_output=True)
        return messages

    def assess(self, message: Message) -> RiskAssessment:
        text = message.get(TEXT)
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return self.screener.assess(text if isinstance(text, str) else "", intent)
