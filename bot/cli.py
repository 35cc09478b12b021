"""The ``phuean`` command (also ``python -m bot.cli``).

    phuean kb check [--dir DIR] [--today YYYY-MM-DD]
    phuean telegram set-webhook URL | delete-webhook | info      (bot/cli_telegram.py)

Other issues add their sub-commands (users, ...) next to ``kb``; a group of sub-commands may
live in a module of its own with an ``add_commands(subparsers)``, as ``telegram`` does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot import cli_telegram
from bot.knowledge.check import check, print_report


def _kb_check(args: argparse.Namespace) -> int:
    return print_report(check(args.dir, args.today), sys.stdout, sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phuean", description="Phuean's operator commands.")
    commands = parser.add_subparsers(dest="command", required=True)

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
    cli_telegram.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
