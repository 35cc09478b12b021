"""A dialogue policy that keeps the bot quiet while a person handles the conversation.

While the ``handoff`` slot is ``waiting`` or ``active``, every user message is answered by
``action_handoff_relay`` (which writes it to the case transcript, where the console shows it) and
then by listening. Nothing else: the bot never replies on its own while a caseworker is on the
case, which is exactly where other consoles fail (Chatwoot's Rasa bridge keeps answering).

Why a policy and not rules or ``ConversationPaused``: rules would need one rule per intent and a
slot that influences the conversation; ``ConversationPaused`` stops Rasa from running any action,
so nothing could record the message. The slot lives in the SQL tracker store, so the pause holds
across restarts and across Rasa replicas. Its priority is one above ``RulePolicy`` so that it wins
the tie at confidence 1.0.
"""

from __future__ import annotations

from typing import Any

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.constants import SLOT_HANDOFF

RELAY_ACTION = "action_handoff_relay"
PAUSED_STATES = frozenset({"waiting", "active"})


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class HandoffPausePolicy(Policy):
    """Predicts the relay after each user message, then listening, while a case is open."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {POLICY_PRIORITY: RULE_POLICY_PRIORITY + 1}

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Nothing to learn: the behaviour is fixed by the handoff contract."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        if tracker.get_slot(SLOT_HANDOFF) not in PAUSED_STATES:
            return self._prediction(self._default_predictions(domain))
        if tracker.latest_action_name == ACTION_LISTEN_NAME:
            return self._prediction(confidence_scores_for(RELAY_ACTION, 1.0, domain))
        if tracker.latest_action_name == RELAY_ACTION:
            return self._prediction(confidence_scores_for(ACTION_LISTEN_NAME, 1.0, domain))
        return self._prediction(self._default_predictions(domain))
