"""Deleting one's data end to end: real Rasa server, action server, web app and database.

The user asks, is asked to confirm with two buttons, and on "yes" the web app's background round
erases the conversation a few seconds after the turn was saved. "No" keeps everything. A case of
the user keeps its row and audit entries; its transcript and note text are gone.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import select

from bot.handoff.db import session_factory
from bot.handoff.models import Account, AuditEntry, Case, Note, TranscriptEntry
from bot.handoff.timing import utcnow
from bot.i18n import translate
from tests.chat import RestUser
from tests.console_client import add_user
from tests.services import Stack

ASK_TH = "ช่วยลบข้อมูลของฉันด้วย"
QUESTION_TH = "ค่าหัวคิวไปทำงานเกาหลีเท่าไหร่คะ"
CONFIRM = '/delete_my_data{"erasure": "confirm"}'
KEEP = '/delete_my_data{"erasure": "keep"}'


def user_texts(tracker: dict[str, Any]) -> list[str]:
    return [event.get("text") or "" for event in tracker["events"] if event["event"] == "user"]


def wait_until_erased(user: RestUser, text: str, timeout: float = 30) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = user_texts(user.tracker())
        if text not in seen:
            return seen
        time.sleep(0.5)
    raise AssertionError(f"still in the tracker after {timeout:.0f} s")


def test_asking_gets_a_question_with_yes_and_no_buttons_in_the_users_language(
    stack: Stack,
) -> None:
    user = RestUser(stack.rasa_url)
    user.say("สวัสดีค่ะ")
    replies = user.say(ASK_TH)
    assert [reply["text"] for reply in replies] == [translate("erasure.ask", "th")]
    buttons = replies[0]["buttons"]
    assert [button["title"] for button in buttons] == [
        translate("erasure.button.confirm", "th"),
        translate("erasure.button.keep", "th"),
    ]
    assert [button["payload"] for button in buttons] == [CONFIRM, KEEP]


def test_confirming_erases_the_conversation_after_the_turn(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(QUESTION_TH)
    user.say(ASK_TH)
    assert user.texts(CONFIRM) == [translate("erasure.done", "th")]
    assert QUESTION_TH in user_texts(user.tracker())  # not before the turn is saved and a moment
    assert wait_until_erased(user, QUESTION_TH) == []
    # The user can start again; the old messages stay gone.
    user.say("สวัสดีค่ะ")
    assert user_texts(user.tracker()) == ["สวัสดีค่ะ"]
    assert "erasure request" in stack.log_text()
    assert QUESTION_TH not in stack.log_text()


def test_declining_keeps_everything(stack: Stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(QUESTION_TH)
    user.say(ASK_TH)
    assert user.texts(KEEP) == [translate("erasure.kept", "th")]
    time.sleep(5)  # longer than PHUEAN_ERASURE_DELAY_S in the test stack plus a watchdog round
    assert user_texts(user.tracker())[:2] == [QUESTION_TH, ASK_TH]


def test_a_case_keeps_its_row_and_audit_but_loses_its_text(stack: Stack) -> None:
    sessions = session_factory(stack.env["PHUEAN_DB_URL"])
    name = f"erase{uuid.uuid4().hex[:6]}"
    add_user(stack.env, name, "caseworker", "th")
    with sessions.begin() as db:
        account_id = db.execute(select(Account.id).where(Account.username == name)).scalar_one()
    user = RestUser(stack.rasa_url)
    user.say(QUESTION_TH)
    case_id = uuid.uuid4().hex
    now = utcnow()
    with sessions.begin() as db:
        db.add(
            Case(
                id=case_id,
                conversation_id=user.sender,
                channel="rest",
                language="th",
                risk_level="none",
                indicators=[],
                opened_by="request_human",
                state="closed",
                opened_at=now,
                closed_at=now,
                outcome="resolved",
            )
        )
        db.flush()
        db.add(TranscriptEntry(case_id=case_id, at=now, sender="user", text=QUESTION_TH))
        db.add(Note(case_id=case_id, at=now, author_id=account_id, text="Call back tomorrow"))
    user.say(ASK_TH)
    user.say(CONFIRM)
    wait_until_erased(user, QUESTION_TH)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with sessions.begin() as db:
            texts = list(
                db.execute(
                    select(TranscriptEntry.text).where(TranscriptEntry.case_id == case_id)
                ).scalars()
            )
            notes = list(db.execute(select(Note.text).where(Note.case_id == case_id)).scalars())
            case = db.get(Case, case_id)
            audit = list(
                db.execute(select(AuditEntry.action).where(AuditEntry.case_id == case_id)).scalars()
            )
        if texts == [""]:
            break
        time.sleep(0.5)
    assert (texts, notes) == ([""], [""])
    assert case is not None
    assert (case.outcome, case.opened_at, case.conversation_id) == ("resolved", now, user.sender)
    assert audit == ["erase"]
