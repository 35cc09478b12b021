"""Human handoff end to end, with the real Rasa server, action server, web app and database.

A Khmer web-chat (socket.io) user asks for a person; the case reaches a caseworker's live console;
nobody claims it in time, so the user is reminded of the hotline; the caseworker logs in through
the API, claims, replies; the user gets the reply and answers; the answer is in the transcript;
closing gives the conversation back to the bot.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from bot.handoff.db import session_factory
from bot.handoff.hotline_hook import hotline_hint
from bot.handoff.models import AuditEntry, Case
from bot.i18n import translate
from tests.chat import RestUser
from tests.console_client import Console, add_user
from tests.services import Stack
from tests.socket_user import SocketUser

ASK_FOR_A_PERSON_KM = "ខ្ញុំចង់និយាយជាមួយមនុស្សពិត"
HELLO_KM = "សួស្តី"
REPLY_KM = "សួស្តី ខ្ញុំឈ្មោះ ដារ៉ា។ តើអ្នកកំពុងនៅប្រទេសណា?"
ANSWER_KM = "ខ្ញុំនៅថៃ ថៅកែមិនទាន់បើកប្រាក់ខែ"
NOTE = "Unpaid wages, Thailand. Call back in Khmer tomorrow."


def cases_of(stack: Stack, conversation_id: str) -> list[Case]:
    with session_factory(stack.env["PHUEAN_DB_URL"]).begin() as db:
        query = select(Case).where(Case.conversation_id == conversation_id)
        return list(db.execute(query).scalars())


def audit_actions(stack: Stack, case_id: str) -> list[str]:
    with session_factory(stack.env["PHUEAN_DB_URL"]).begin() as db:
        query = select(AuditEntry.action).where(AuditEntry.case_id == case_id)
        return list(db.execute(query).scalars())


def is_user_line(text: str) -> Any:
    return lambda data: data["entry"].get("from") == "user" and data["entry"].get("text") == text


async def test_khmer_web_chat_user_reaches_a_caseworker_and_gets_the_bot_back(
    stack: Stack,
) -> None:
    add_user(stack.env, "dara", "caseworker", "km")
    console = Console(stack.web_url)
    user = await SocketUser(stack.rasa_url).connect()
    try:
        assert (await console.login("dara")).status == 200
        await console.listen()

        await user.say(ASK_FOR_A_PERSON_KM)
        assert await user.next_text() == translate("handoff.opened", "km", minutes="1")
        assert await user.next_text() == hotline_hint("km", None)
        opened = await console.next_event("case_opened", language="km", channel="socketio")
        case_id = opened["case"]["id"]
        assert opened["case"]["state"] == "waiting"
        assert case_id in [case["id"] for case in await console.cases("waiting")]

        # While the case waits the bot says nothing on its own, and asking again opens no
        # second case. Nobody claims it in time: the user hears about the hotline again.
        await user.say(HELLO_KM)
        await user.say("/human")
        heard = await user.texts_until(translate("handoff.no_claim", "km"), timeout=20)
        assert heard == [
            translate("handoff.already_waiting", "km"),
            translate("handoff.no_claim", "km"),
        ]
        assert await user.next_text() == hotline_hint("km", None)
        assert [case.id for case in cases_of(stack, user.session_id)] == [case_id]
        queued = {case["id"]: case for case in await console.cases("waiting")}
        assert queued[case_id]["reminded"] is True

        status, claimed = await console.post(f"/api/cases/{case_id}/claim")
        assert (status, claimed["state"], claimed["assignee"]) == (200, "active", "dara")
        assert await user.next_text() == translate("handoff.joined", "km")

        status, sent = await console.post(f"/api/cases/{case_id}/messages", {"text": REPLY_KM})
        assert (status, sent["delivered"]) == (201, True)
        assert await user.next_text() == REPLY_KM

        status, note = await console.post(f"/api/cases/{case_id}/notes", {"text": NOTE})
        assert (status, note["text"], note["author"]) == (201, NOTE, "dara")

        await user.say(ANSWER_KM)
        live = await console.next_event("message", case_id=case_id, where=is_user_line(ANSWER_KM))
        assert live["entry"]["text"] == ANSWER_KM
        assert await user.nothing_for(1.0)  # no bot reply of its own, and never the note

        status, case = await console.get(f"/api/cases/{case_id}")
        assert status == 200
        lines = [(entry["from"], entry["text"]) for entry in case["transcript"]]
        for line in [
            ("user", ASK_FOR_A_PERSON_KM),
            ("bot", translate("handoff.already_waiting", "km")),
            ("user", HELLO_KM),
            ("bot", translate("handoff.joined", "km")),
            ("caseworker", REPLY_KM),
            ("user", ANSWER_KM),
        ]:
            assert line in lines
        assert lines.index(("caseworker", REPLY_KM)) < lines.index(("user", ANSWER_KM))
        assert [note["text"] for note in case["notes"]] == [NOTE]
        assert all(NOTE not in text for _, text in lines)

        status, closed = await console.post(f"/api/cases/{case_id}/close", {"outcome": "resolved"})
        assert (status, closed["state"], closed["outcome"]) == (200, "closed", "resolved")
        assert await user.next_text() == translate("handoff.closed", "km")

        await user.say(HELLO_KM)
        assert await user.next_text() == translate("greet", "km")
        for action in ("view", "claim", "reply", "note", "close"):
            assert action in audit_actions(stack, case_id)
    finally:
        await user.close()
        await console.close()


async def test_rest_reply_lands_in_the_tracker_and_a_lost_close_heals(stack: Stack) -> None:
    add_user(stack.env, "supervisor-rest", "supervisor")
    console = Console(stack.web_url)
    try:
        assert (await console.login("supervisor-rest")).status == 200
        user = RestUser(stack.rasa_url)
        assert user.texts("I want to talk to a real person") == [
            translate("handoff.opened", "en", minutes="1"),
            hotline_hint("en", None),
        ]
        assert user.tracker()["slots"]["handoff"] == "waiting"
        assert user.texts("hello") == []  # paused: the person answers, not the bot
        (case,) = cases_of(stack, user.sender)

        reply_path = f"/api/cases/{case.id}/messages"
        status, sent = await console.post(reply_path, {"text": "Hi, I'm Ann."})
        assert (status, sent["delivered"]) == (201, True)
        bot_lines = [e.get("text") for e in user.tracker()["events"] if e["event"] == "bot"]
        assert "Hi, I'm Ann." in bot_lines  # REST cannot push: the reply waits in the tracker
        assert user.tracker()["slots"]["handoff"] == "active"

        # The case is closed but the handoff slot never heard (Rasa was down at that moment):
        # the next message finds no open case and the bot answers it.
        with session_factory(stack.env["PHUEAN_DB_URL"]).begin() as db:
            db.execute(update(Case).where(Case.id == case.id).values(state="closed"))
        assert user.texts("hello") == [translate("greet", "en")]
        assert user.tracker()["slots"]["handoff"] == "none"
    finally:
        await console.close()
