"""Names shared by the NLU components, the actions and the web app.

One module of names, like Rasa's ``rasa/shared/nlu/constants.py``, so that a typo in a message key
or slot name is an import error rather than a silent miss.
"""

from typing import Final

# The seven languages, in the order language buttons show them.
LANGUAGES: Final = ("en", "th", "km", "lo", "my", "vi", "zh")
DEFAULT_LANGUAGE: Final = "en"
# The two that share the Latin script, told apart by a model rather than by the script.
LATIN_LANGUAGES: Final = ("en", "vi")

# Keys Phuean's components add to a parsed message (see docs/design.md, "Parse result").
LANGUAGE_KEY: Final = "language"
RISK_KEY: Final = "risk"
# Set by the normaliser for the language identifier; not part of the parse result.
NORMALIZATION_KEY: Final = "phuean_normalization"

# Where the language of a message came from.
SOURCE_SCRIPT: Final = "script"
SOURCE_MODEL: Final = "model"
SOURCE_CONVERSATION: Final = "conversation"

# Slots.
SLOT_LANGUAGE: Final = "language"
SLOT_LANGUAGE_PINNED: Final = "language_pinned"
SLOT_COUNTRY: Final = "country"
SLOT_ORIGIN_COUNTRY: Final = "origin_country"
SLOT_RISK_LEVEL: Final = "risk_level"
SLOT_HANDOFF: Final = "handoff"
# The knowledge question waiting for the user to pick a country, and the last one answered
# (a later country change answers it again for the new country). Values: TOPIC[/ASPECT].
SLOT_PENDING_TOPIC: Final = "pending_topic"
SLOT_LAST_TOPIC: Final = "last_topic"

# Entities.
ENTITY_COUNTRY: Final = "country"
ENTITY_LANGUAGE: Final = "language"
# Which part of a knowledge topic a button asks for (e.g. "passport" under rights).
ENTITY_ASPECT: Final = "aspect"
# Only in the delete_my_data confirmation buttons (bot/actions/erasure.py).
ENTITY_ERASURE: Final = "erasure"
ERASURE_CONFIRM: Final = "confirm"
ERASURE_KEEP: Final = "keep"

# Knowledge topics (docs/design.md, "Knowledge entries") and the intent that asks for each.
TOPIC_FEES: Final = "fees"
TOPIC_RIGHTS: Final = "rights"
TOPIC_SAFE_MIGRATION: Final = "safe_migration"
TOPIC_HOTLINE: Final = "hotline"
TOPICS: Final = (TOPIC_FEES, TOPIC_RIGHTS, TOPIC_SAFE_MIGRATION, TOPIC_HOTLINE)
TOPIC_INTENTS: Final = {
    TOPIC_FEES: "ask_recruitment_fees",
    TOPIC_RIGHTS: "ask_rights",
    TOPIC_SAFE_MIGRATION: "ask_safe_migration",
    TOPIC_HOTLINE: "ask_hotline",
}
# The knowledge base's "applies everywhere" country.
ANY_COUNTRY: Final = "*"
# What a hotline entry's number is for (its `kind`). The safety replies give the first four, and
# `crisis` lines first after a message about self-harm; `labour` lines (pay, permits, complaints)
# are answered by the knowledge base only, since a worker in danger needs a different call.
HOTLINE_KINDS: Final = (
    "trafficking",
    "social_help",
    "women_children",
    "emergency",
    "crisis",
    "labour",
)

# Training-data metadata key that labels each intent block with its language.
METADATA_LANGUAGE: Final = "language"

# Risk screening (see docs/design.md, "Parse result"): the eleven indicator categories, the
# ILO forced-labour indicators adapted plus two the region's caseworkers need, and the levels.
RISK_CATEGORIES: Final = (
    "deception",
    "document_retention",
    "movement_restriction",
    "violence",
    "threats",
    "debt_bondage",
    "wage_withholding",
    "abusive_conditions",
    "forced_marriage",
    "child_exploitation",
    "self_harm",
)
RISK_NONE: Final = "none"
RISK_CONCERN: Final = "concern"
RISK_URGENT: Final = "urgent"
RISK_LEVELS: Final = (RISK_NONE, RISK_CONCERN, RISK_URGENT)
SELF_HARM: Final = "self_harm"
