"""``phuean kb check``: checks the knowledge content; lists unverified entries, reviews due."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.knowledge.check import check, print_report


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kb = commands.add_parser("kb", help="knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    kb_check = kb_commands.add_parser(
        "check",
        help="validate the knowledge content; list unverified entries and reviews due",
    )
    kb_check.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="content directory (default: PHUEAN_KB_DIR or the package's)",
    )
    kb_check.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="the date reviews are counted from (default: today)",
    )
    kb_check.set_defaults(handler=_kb_check)


def _kb_check(args: argparse.Namespace) -> int:
    return print_report(check(args.dir, args.today), sys.stdout, sys.stderr)
