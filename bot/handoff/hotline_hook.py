"""What a waiting user is told about hotlines: the one place the hotline module plugs in.

The hotline knowledge (issue "knowledge base", built in parallel) will know, per country, which
verified numbers to give. Until it is merged this returns a neutral sentence without any number:
no number is ever invented (docs/design.md, "Knowledge entries"). At merge, replace the body with
a call into the hotline module and keep the signature; callers pass the case's language and the
country the user is in (ISO alpha-2, or None when unknown).
"""

from __future__ import annotations

from bot.i18n import translate


def hotline_hint(language: str, country: str | None) -> str:
    """One or two short sentences telling the user how to reach a hotline meanwhile."""
    del country  # used once verified hotline entries exist
    return translate("handoff.hotline_meanwhile", language)
