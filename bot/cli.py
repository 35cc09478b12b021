"""The ``phuean`` command (also ``python -m bot.cli``).

    phuean kb check                       knowledge content: schema, translations, sources
    phuean users add|disable|list         caseworker console accounts
    phuean telegram set-webhook URL | delete-webhook | info

Each part of Phuean registers its own sub-commands from its own module.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import cli_telegram
from bot.handoff import cli as handoff_cli
from bot.knowledge import cli as knowledge_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phuean", description="Phuean's operator commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    knowledge_cli.register(commands)
    handoff_cli.register(commands)
    cli_telegram.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
