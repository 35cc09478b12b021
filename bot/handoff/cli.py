"""``phuean users ...``: console accounts are created here, never through the web.

    phuean users add NAME --role caseworker|supervisor --teams km,TH   (password on stdin/prompt)
    phuean users disable NAME     (its logins are refused and its sessions end)
    phuean users list

The password is read from the terminal (asked twice) or, when stdin is not a terminal, from its
first line, so that it never appears in the shell history or the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.handoff.accounts import AccountError, create_account, disable_account, list_accounts
from bot.handoff.constants import ROLES
from bot.handoff.db import session_factory
from bot.handoff.schema import migrate
from bot.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser("users", help="console accounts")
    actions = users.add_subparsers(dest="users_command", required=True)
    add = actions.add_parser("add", help="create an account (password from stdin or prompt)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument(
        "--teams",
        default="",
        help="comma-separated language codes (km) and/or countries in capitals (TH)",
    )
    add.set_defaults(handler=_add)
    disable = actions.add_parser("disable", help="refuse an account's logins, end its sessions")
    disable.add_argument("name")
    disable.set_defaults(handler=_disable)
    listing = actions.add_parser("list", help="list accounts (no passwords)")
    listing.set_defaults(handler=_list)


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def _add(args: argparse.Namespace) -> int:
    url = Settings.from_env().db_url
    migrate(url)
    try:
        actor = create_account(
            session_factory(url), args.name, _read_password(), args.role, args.teams.split(",")
        )
    except AccountError as error:
        print(f"phuean users add: {error}", file=sys.stderr)
        return 1
    teams = ",".join(actor.teams) or "all (supervisor)"
    print(f"created {actor.role} {actor.username!r}, teams: {teams}")
    return 0


def _disable(args: argparse.Namespace) -> int:
    url = Settings.from_env().db_url
    migrate(url)
    if not disable_account(session_factory(url), args.name):
        print(f"phuean users disable: no user called {args.name!r}", file=sys.stderr)
        return 1
    print(f"disabled {args.name!r}")
    return 0


def _list(_: argparse.Namespace) -> int:
    url = Settings.from_env().db_url
    migrate(url)
    for actor in list_accounts(session_factory(url)):
        print(f"{actor.username}\t{actor.role}\t{','.join(actor.teams)}")
    return 0
