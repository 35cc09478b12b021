"""An operator edits a hotline number in one file; the running action server serves the new
number on the next message, with no retraining and no restart. A broken edit is refused and the
last good content stays in service (docs/operations.md, "Changing knowledge content")."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import translate
from bot.knowledge.loader import CONTENT_DIR_ENV, DEFAULT_CONTENT_DIR
from tests.action_server import ActionServer, running_action_server

THAILAND_EN = {"language": "en", "country": "TH"}


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("kb") / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    return copy


@pytest.fixture(scope="module")
def server(content_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    workdir = tmp_path_factory.mktemp("actions")
    with running_action_server(workdir, {CONTENT_DIR_ENV: str(content_dir)}) as running:
        yield running


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    # A later mtime than the last load even on coarse-grained file systems.
    time.sleep(0.01)
    path.write_text(text.replace(old, new), encoding="utf-8")


def hotline_reply(server: ActionServer) -> str:
    return "\n".join(server.texts("action_hotline", THAILAND_EN, text="who to call"))


def test_changed_number_is_served_after_the_edit(server: ActionServer, content_dir: Path) -> None:
    assert "📞 1300 —" in hotline_reply(server)

    replace_in(content_dir / "hotlines.yml", 'number: "1300"', 'number: "1301"')
    reply = hotline_reply(server)
    assert "📞 1301 —" in reply
    assert "📞 1300 —" not in reply

    # Answers that point at the number (refs) follow too: it is written in one place only.
    rights = "\n".join(
        server.texts(
            "action_rights",
            THAILAND_EN,
            text="/ask_rights",
            entities=[{"entity": "aspect", "value": "if_breached"}],
        )
    )
    assert "📞 1301 —" in rights


def test_broken_edit_keeps_the_last_good_content(server: ActionServer, content_dir: Path) -> None:
    good = hotline_reply(server)
    hotlines = content_dir / "hotlines.yml"
    before = hotlines.read_text(encoding="utf-8")

    # A translator deletes the Lao purpose of one number: invalid, so it must not be served.
    replace_in(hotlines, 'number: "1546"', 'number: "1547"')
    lines = hotlines.read_text(encoding="utf-8").splitlines()
    purpose_lo = next(
        i for i, line in enumerate(lines) if line.strip().startswith('lo: "ສາຍດ່ວນແຮງງານ')
    )
    hotlines.write_text("\n".join(lines[:purpose_lo] + lines[purpose_lo + 1 :]), encoding="utf-8")

    assert hotline_reply(server) == good  # still the old, valid content: 1546, not 1547
    assert "📞 1546 —" in good
    log = server.log.read_text(errors="replace")
    assert "still serving the previous version" in log
    assert "'lo' is a required property" in log

    # Fixed: the new number is served.
    hotlines.write_text(before.replace('number: "1546"', 'number: "1547"'), encoding="utf-8")
    assert "📞 1547 —" in hotline_reply(server)


def test_unverified_entry_carries_the_caveat_in_the_users_language(server: ActionServer) -> None:
    texts = server.texts("action_hotline", {"language": "km", "country": "KH"}, text="លេខ")
    assert "117" in texts[0]
    assert translate("kb.unverified", "km") in texts[0]
