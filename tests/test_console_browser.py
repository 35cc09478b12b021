"""The caseworker console in a real browser (Debian chromium + Playwright), with a web-chat user.

The caseworker signs in; a Khmer user on the chat page asks for a person; the case appears in
the console's queue without a reload; the caseworker claims it and replies (the user's page shows
the reply), sees the user's answer arrive, and closes the case (the user hears the bot again).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.i18n import translate
from tests.console_client import PASSWORD, add_user
from tests.services import Stack
from tests.test_web_chat import CHROMIUM, CHROMIUM_FLAGS

REPLY = "សួស្តី ខ្ញុំឈ្មោះ សុភា។ ខ្ញុំអាចជួយអ្វីបាន?"
ANSWER = "ថៅកែយកលិខិតឆ្លងដែនខ្ញុំ"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def pages(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """The caseworker's console and the user's chat, in separate browser profiles."""
    console_context = browser.new_context(locale="en-GB")
    chat_context = browser.new_context(locale="km-KH")
    yield console_context.new_page(), chat_context.new_page()
    console_context.close()
    chat_context.close()


def queued_ids(console: Page) -> set[str]:
    ids = console.locator("#queue .case-item").evaluate_all(
        "items => items.map(item => item.dataset.caseId)"
    )
    return set(ids)


def test_caseworker_sees_the_case_arrive_claims_replies_and_closes(
    stack: Stack, pages: tuple[Page, Page]
) -> None:
    console, chat = pages
    add_user(stack.env, "sophea", "caseworker", "km")
    console.goto(f"{stack.web_url}/console/")
    console.fill("#username", "sophea")
    console.fill("#password", PASSWORD)
    console.click("#sign-in")
    expect(console.locator("body")).to_have_attribute("data-live", "true", timeout=15_000)
    before = queued_ids(console)

    chat.goto(stack.web_url)
    expect(chat.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
    chat.fill("#input", "ខ្ញុំចង់និយាយជាមួយមនុស្សពិត")
    chat.press("#input", "Enter")
    opened = translate("handoff.opened", "km", minutes="1")
    expect(chat.locator(".chat__message--bot").first).to_have_text(opened, timeout=15_000)

    # The queue updates live: no reload, one more case.
    queue = console.locator("#queue .case-item")
    expect(queue).to_have_count(len(before) + 1, timeout=15_000)
    (case_id,) = queued_ids(console) - before
    console.locator(f'[data-case-id="{case_id}"] button').click()
    expect(console.locator("#case-meta")).to_contain_text("km")
    expect(console.locator("#transcript")).to_contain_text("ខ្ញុំចង់និយាយជាមួយមនុស្សពិត")

    console.click("#claim")
    expect(console.locator("#case-meta")).to_contain_text("active")
    user_sees = chat.locator(".chat__message--bot")
    expect(user_sees.last).to_have_text(translate("handoff.joined", "km"), timeout=15_000)

    console.fill("#reply", REPLY)
    console.click("#send")
    expect(user_sees.last).to_have_text(REPLY, timeout=15_000)
    expect(console.locator("#transcript .entry--caseworker").last).to_contain_text(REPLY)

    chat.fill("#input", ANSWER)
    chat.press("#input", "Enter")
    expect(console.locator("#transcript .entry--user").last).to_contain_text(ANSWER, timeout=15_000)

    console.select_option("#outcome", "resolved")
    console.click("#close")
    expect(console.locator("#case-meta")).to_contain_text("closed")
    expect(user_sees.last).to_have_text(translate("handoff.closed", "km"), timeout=15_000)
    expect(console.locator(f'#closed [data-case-id="{case_id}"]')).to_have_count(1)
