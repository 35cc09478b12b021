"""The web chat page in a real browser (Debian chromium driven by Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.i18n import translate
from tests.services import Stack

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="th-TH")
    opened = context.new_page()
    yield opened
    context.close()


def test_thai_message_gets_a_thai_reply(stack: Stack, page: Page) -> None:
    page.goto(stack.web_url)
    expect(page.locator("#input")).to_have_attribute(
        "placeholder", translate("web.input_placeholder", "th")
    )
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)

    page.fill("#input", "สวัสดีครับ")
    page.press("#input", "Enter")

    bot_messages = page.locator(".chat__message--bot")
    expect(bot_messages.first).to_have_text(translate("greet", "th"), timeout=15_000)
    expect(page.locator(".chat__buttons button").first).to_have_text(translate("menu.fees", "th"))


def test_language_button_switches_the_conversation(stack: Stack, page: Page) -> None:
    page.goto(stack.web_url)
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
    page.fill("#input", "เปลี่ยนภาษา")
    page.press("#input", "Enter")
    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator(".chat__message--bot").last).to_have_text(
        translate("language.set", "km"), timeout=15_000
    )
