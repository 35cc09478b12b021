"""The ``phuean`` command (``python -m bot.cli``).

Each group of subcommands lives in a module of its own (``bot/cli_telegram.py``, ...) with an
``add_commands(subparsers)`` that registers them; a subcommand's handler returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import cli_telegram


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="phuean", description="Phuean's operator commands.")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    cli_telegram.add_commands(groups)
    args = parser.parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
