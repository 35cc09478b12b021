from __future__ import annotations

import logging

import pytest

from bot.constants import LANGUAGES
from bot.i18n.catalogue import Catalogue, load_catalogue


def test_every_message_has_all_seven_languages() -> None:
    assert load_catalogue().problems() == []


def test_missing_translation_is_reported() -> None:
    catalogue = Catalogue({"hi": {"en": "Hi {name}", "th": "สวัสดี"}})
    problems = catalogue.problems()
    assert "hi: missing km" in problems
    assert "hi: th placeholders differ from English" in problems


def test_missing_translation_falls_back_to_english_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    catalogue = Catalogue({"hi": {"en": "Hi {name}"}})
    with caplog.at_level(logging.WARNING):
        assert catalogue.text("hi", "km", name="Dara") == "Hi Dara"
    assert "No km translation" in caplog.text
    assert "Dara" not in caplog.text  # the user's words never reach the log


def test_unknown_message_id_is_a_bug() -> None:
    with pytest.raises(KeyError):
        load_catalogue().text("no.such.message", "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_set_confirmation_is_written_in_that_language(language: str) -> None:
    # Each confirmation differs from every other: no language got another's text.
    catalogue = load_catalogue()
    others = {catalogue.text("language.set", other) for other in LANGUAGES if other != language}
    assert catalogue.text("language.set", language) not in others
