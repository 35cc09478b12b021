"""The ``phuean`` command. Each part of Phuean adds its own subcommands from its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.handoff import cli as handoff_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phuean", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    handoff_cli.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
