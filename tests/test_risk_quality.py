"""Quality gate: the real model screens the labelled set well enough in every language.

Each message of ``tests/data/risk/`` goes through the running Rasa server's ``/model/parse`` —
the whole pipeline, Zawgyi conversion and intent included — and the per-language targets of
issue 5 must hold. ``bench/risk.py`` prints the same figures as tables, with latency.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench.risk import Example, Prediction, load_examples, prediction_from_parse, score
from bot.constants import LANGUAGES, RISK_CATEGORIES, RISK_NONE
from tests.chat import parse
from tests.services import Stack


@pytest.fixture(scope="module")
def screened(stack: Stack) -> list[tuple[Example, Prediction]]:
    return [(e, prediction_from_parse(parse(stack.rasa_url, e.text))) for e in load_examples()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_labelled_set_covers_every_category_and_the_hard_negatives(language: str) -> None:
    examples = [e for e in load_examples() if e.language == language]
    kinds = Counter(e.kind for e in examples)
    reports = Counter(c for e in examples if e.kind == "report" for c in e.indicators)
    assert {c: reports[c] for c in RISK_CATEGORIES if reports[c] < 2} == {}
    assert kinds["third_person"] >= 8
    assert sum(1 for e in examples if e.level == RISK_NONE) >= 25


@pytest.mark.parametrize("language", LANGUAGES)
def test_risk_targets_hold_in_every_language(
    screened: list[tuple[Example, Prediction]], language: str
) -> None:
    by_language, _ = score(pair for pair in screened if pair[0].language == language)
    scores = by_language[language]
    assert scores.urgent >= 5 and scores.negatives >= 25
    assert scores.failures() == [], [
        f"{e.level} -> {p.level}: {e.text}"
        for e, p in screened
        if e.language == language and e.level != p.level
    ]


def test_zawgyi_messages_are_screened_like_unicode(
    screened: list[tuple[Example, Prediction]],
) -> None:
    zawgyi = [(e, p) for e, p in screened if e.zawgyi]
    assert len(zawgyi) >= 3
    assert [e.text for e, p in zawgyi if (e.level == RISK_NONE) != (p.level == RISK_NONE)] == []
