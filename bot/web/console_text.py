"""The console's own words (``console_strings.yml``), for the page and the API's error bodies."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

STRINGS_PATH = Path(__file__).with_name("console_strings.yml")


@cache
def console_strings() -> dict[str, dict[str, str]]:
    with STRINGS_PATH.open(encoding="utf-8") as handle:
        loaded: Any = yaml.safe_load(handle)
    return {section: dict(values) for section, values in loaded.items()}


def error_message(code: str) -> str:
    errors = console_strings()["errors"]
    return errors.get(code, errors["error"])
