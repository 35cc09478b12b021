"""Reads ``content/*.yml``, validates every file against the schema, and builds a KnowledgeBase.

Loading never half-succeeds: any problem (schema error, duplicate id, a ``refs`` entry that does
not exist, an unknown country code) raises ``KnowledgeError`` listing every problem found, so the
caller can keep serving the last good content and `phuean kb check` can print them all at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from jsonschema import Draft7Validator

from bot.constants import ANY_COUNTRY, TOPIC_HOTLINE
from bot.knowledge.model import OVERVIEW, Entry, Hotline, KnowledgeBase, Source
from bot.knowledge.schema import ASPECTS_FILE, KNOWLEDGE_FILE

PACKAGE_DIR = Path(__file__).parent
DEFAULT_CONTENT_DIR = PACKAGE_DIR / "content"
ASPECTS_PATH = PACKAGE_DIR / "aspects.yml"
# Operators (and tests) may serve another copy of the content without touching the code.
CONTENT_DIR_ENV = "PHUEAN_KB_DIR"


class KnowledgeError(Exception):
    """The knowledge content is not usable; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AspectKeywords:
    topic: str
    keywords: dict[str, tuple[str, ...]]


def content_dir() -> Path:
    configured = os.environ.get(CONTENT_DIR_ENV)
    return Path(configured) if configured else DEFAULT_CONTENT_DIR


def content_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yml"))


@cache
def _known_territories() -> frozenset[str]:
    codes = (str(code) for code in Locale.parse("en").territories)
    return frozenset(code for code in codes if len(code) == 2)


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings, so the JSON Schema sees exactly what the file says."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(f"{path.name}: cannot read: {error}")
        return None


def _schema_problems(name: str, data: Any, schema: dict[str, Any]) -> list[str]:
    found = []
    for error in sorted(Draft7Validator(schema).iter_errors(data), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.path)
        entry_id = _entry_id(data, list(error.path))
        label = f"{name}: {entry_id + ': ' if entry_id else ''}{where or '(top)'}"
        found.append(f"{label}: {error.message}")
    return found


def _entry_id(data: Any, path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        entries = data.get("entries") if isinstance(data, dict) else None
        if isinstance(entries, list) and path[1] < len(entries):
            entry = entries[path[1]]
            if isinstance(entry, dict):
                return str(entry.get("id", f"entry #{path[1] + 1}"))
    return ""


def _entry(raw: dict[str, Any], file: str) -> Entry:
    hotline = None
    if "number" in raw:
        hotline = Hotline(
            number=raw["number"],
            kind=raw["kind"],
            purpose=raw["purpose"],
            hours=raw["hours"],
            languages=tuple(raw["languages"]),
        )
    return Entry(
        id=raw["id"],
        topic=raw["topic"],
        aspect=raw.get("aspect", OVERVIEW),
        countries=frozenset(raw["countries"]),
        text=raw.get("text"),
        refs=tuple(raw.get("refs", ())),
        source=Source(**raw["source"]),
        last_reviewed=date.fromisoformat(raw["last_reviewed"]),
        status=raw["status"],
        hotline=hotline,
        file=file,
    )


def _cross_problems(entries: Iterable[Entry]) -> list[str]:
    entries = list(entries)
    found: list[str] = []
    seen: dict[str, str] = {}
    territories = _known_territories()
    for entry in entries:
        if entry.id in seen:
            found.append(f"{entry.file}: {entry.id}: duplicate id (also in {seen[entry.id]})")
        seen.setdefault(entry.id, entry.file)
        for code in sorted(entry.countries - {ANY_COUNTRY} - territories):
            found.append(f"{entry.file}: {entry.id}: unknown country code {code!r}")
    # A number is written in exactly one entry: two would drift apart when one is corrected.
    numbers: dict[str, str] = {}
    for entry in entries:
        if entry.hotline is None:
            continue
        digits = "".join(ch for ch in entry.hotline.number if ch.isdigit())
        for code in sorted(entry.countries):
            other = numbers.setdefault(f"{code}:{digits}", entry.id)
            if other != entry.id:
                found.append(
                    f"{entry.file}: {entry.id}: number {entry.hotline.number} is also in {other}"
                )
    by_id = {entry.id: entry for entry in entries}
    for entry in entries:
        for ref in entry.refs:
            target = by_id.get(ref)
            if target is None or target.hotline is None:
                found.append(f"{entry.file}: {entry.id}: refs {ref!r}, which is no hotline entry")
        if entry.topic == TOPIC_HOTLINE and entry.aspect != OVERVIEW:
            found.append(f"{entry.file}: {entry.id}: hotline entries have no aspect")
    return found


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Every entry of every ``*.yml`` file in ``directory``, validated; raises KnowledgeError."""
    directory = directory or content_dir()
    problems: list[str] = []
    entries: list[Entry] = []
    files = content_files(directory)
    if not files:
        raise KnowledgeError([f"{directory}: no knowledge files (*.yml)"])
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            continue
        file_problems = _schema_problems(path.name, data, KNOWLEDGE_FILE)
        problems += file_problems
        if not file_problems:
            entries += [_entry(raw, path.name) for raw in data["entries"]]
    problems += _cross_problems(entries)
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(tuple(entries))


def load_aspects(path: Path = ASPECTS_PATH) -> dict[str, AspectKeywords]:
    """The keyword lists that point a free-text question at one aspect; raises KnowledgeError."""
    problems: list[str] = []
    data = _read_yaml(path, problems)
    problems += [] if problems else _schema_problems(path.name, data, ASPECTS_FILE)
    if problems:
        raise KnowledgeError(problems)
    return {
        aspect: AspectKeywords(
            topic=spec["topic"],
            keywords={lang: tuple(words) for lang, words in spec["keywords"].items()},
        )
        for aspect, spec in (data or {}).items()
    }
