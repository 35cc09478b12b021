"""``python -m bot.i18n.check``: fails when any message lacks one of the seven languages."""

import sys

from bot.i18n.catalogue import load_catalogue


def main() -> int:
    problems = load_catalogue().problems()
    for problem in problems:
        print(f"messages.yml: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"messages.yml: {len(load_catalogue().ids)} messages, all in every language")
    return 0


if __name__ == "__main__":
    sys.exit(main())
