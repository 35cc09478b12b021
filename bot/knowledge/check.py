"""`phuean kb check`: is the knowledge content safe to serve, and what still needs a human look?

Fails (exit 1) on anything that would make an answer wrong or incomplete: a schema error, a
missing translation, an entry without a source. Reports (exit 0) what a reviewer should see:
entries still ``unverified`` and entries whose last review is more than a year old.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from bot.knowledge.loader import ASPECTS_PATH, KnowledgeError, load_aspects, load_knowledge
from bot.knowledge.model import Entry, KnowledgeBase

REVIEW_INTERVAL = timedelta(days=365)


@dataclass(frozen=True)
class Report:
    problems: list[str]
    knowledge: KnowledgeBase | None
    unverified: list[Entry]
    stale: list[Entry]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(directory: Path | None, today: date, aspects_path: Path = ASPECTS_PATH) -> Report:
    problems: list[str] = []
    knowledge = None
    try:
        knowledge = load_knowledge(directory)
    except KnowledgeError as error:
        problems += error.problems
    try:
        aspects = load_aspects(aspects_path)
    except KnowledgeError as error:
        problems += error.problems
        aspects = {}
    if knowledge is not None:
        used = {(entry.topic, entry.aspect) for entry in knowledge.entries}
        for aspect, spec in sorted(aspects.items()):
            if (spec.topic, aspect) not in used:
                problems.append(f"{aspects_path.name}: {aspect}: no {spec.topic} entry has it")
    entries = list(knowledge.entries) if knowledge else []
    return Report(
        problems=problems,
        knowledge=knowledge,
        unverified=[entry for entry in entries if not entry.verified],
        stale=[entry for entry in entries if today - entry.last_reviewed > REVIEW_INTERVAL],
    )


def print_report(report: Report, out: TextIO, err: TextIO) -> int:
    """Prints the report; returns the exit status (1 when the content must not be served)."""
    for problem in report.problems:
        print(f"error: {problem}", file=err)
    if not report.ok:
        print(f"kb check: FAILED ({len(report.problems)} problems)", file=err)
        return 1
    assert report.knowledge is not None
    for entry in report.unverified:
        print(f"unverified: {entry.id} ({entry.file}; source: {entry.source.org})", file=out)
    for entry in report.stale:
        print(f"review due: {entry.id} (last reviewed {entry.last_reviewed})", file=out)
    total = len(report.knowledge.entries)
    print(
        f"kb check: {total} entries OK in all languages with sources; "
        f"{len(report.unverified)} unverified, {len(report.stale)} due for review",
        file=out,
    )
    return 0
