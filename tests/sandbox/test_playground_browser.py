"""`kindred playground` in a real browser: Debian's chromium, driven by Selenium.

Starts `python -m bot playground` as a person would, then clicks through a week in the page:
a check-in through the modal, a reminder's button, an anonymous post and reply, and the
manager's nudge. A screenshot is kept in test-artifacts/playground.png. Nothing is downloaded:
the driver is /usr/bin/chromedriver, named explicitly so Selenium Manager never runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.sandbox.server import free_port
from bot.slack.blocks import ACTION_FLAG, ACTION_REPLY, MOOD_ACTION_PREFIX
from tests.support.required import REQUIRE_BROWSER, unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "test-artifacts" / "playground.png"
ADA, BEN, CHLOE, MAYA = "U0ADA", "U0BEN", "U0CHLOE", "U0MAYA"
START_TIMEOUT = 90.0
WAIT = 60.0  # generous: the schedule runs `kindred nudges run` a few times on a 2-core machine


def _browser_or_skip() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    reason = f"{' and '.join(missing)} missing (apt-get install chromium chromium-driver)"
    unavailable(REQUIRE_BROWSER, reason)


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m bot playground` on a free port; its temporary files under our own TMPDIR."""
    _browser_or_skip()
    tmp = tmp_path_factory.mktemp("playground-tmp")
    port = free_port()
    # No Slack settings and no database: the playground needs neither.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "KINDRED_")) and k != "DATABASE_URL"
    }
    env["TMPDIR"] = str(tmp)
    log_path = tmp_path_factory.mktemp("playground-log") / "playground.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "playground", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while url not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the playground did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.1)
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    output = log_path.read_text(errors="replace")
    # SIGTERM stops it cleanly: exit 0, and the sandbox's temporary folder is gone.
    assert process.returncode == 0, output
    assert "Playground stopped" in output, output
    assert list(tmp.iterdir()) == [], output


@pytest.fixture(scope="module")
def browser(playground: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1440,960",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """The playground as the test sees it: CSS selectors, and waits for the page to settle."""

    def __init__(self, driver: Any, url: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.url, self.by = driver, url, By
        self.wait_for = lambda: WebDriverWait(driver, WAIT)

    def open(self, user: str, nav: str = "dm") -> None:
        self.driver.get(f"{self.url}#user={user}&nav={nav}")
        self.until(lambda: self.body.get_attribute("data-version") not in (None, "", "0"))
        self.idle()

    @property
    def body(self) -> Any:
        return self.driver.find_element(self.by.TAG_NAME, "body")

    def until(self, condition: Callable[[], Any], what: str = "") -> Any:
        return self.wait_for().until(lambda _d: condition(), what)

    def idle(self) -> None:
        """Every action the page started has answered and the page was redrawn."""
        self.until(lambda: self.body.get_attribute("data-busy") == "0", "the page is busy")

    def find(self, css: str, root: Any = None) -> Any:
        return (root or self.driver).find_element(self.by.CSS_SELECTOR, css)

    def all(self, css: str, root: Any = None) -> list[Any]:
        return (root or self.driver).find_elements(self.by.CSS_SELECTOR, css)

    def wait_css(self, css: str, what: str = "") -> Any:
        return self.until(lambda: next(iter(self.all(css)), None), what or css)

    def click(self, element: Any) -> None:
        element.click()
        self.idle()

    def type_in_composer(self, text: str) -> None:
        from selenium.webdriver.common.keys import Keys

        box = self.find("#composer-input")
        box.clear()
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        self.idle()

    def switch_user(self, user: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.find("#user-switch")).select_by_value(user)
        self.until(lambda: f"user={user}" in self.driver.current_url)
        self.until(lambda: self.js("return document.querySelector('#user-switch').value") == user)
        self.idle()

    def nav(self, where: str) -> None:
        self.click(self.find(f'.nav-item[data-nav="{where}"]'))
        self.until(lambda: f"nav={where}" in self.driver.current_url)

    def modal(self) -> Any:
        return self.wait_css("#modal-layer:not([hidden]) #modal", "a modal")

    def no_modal(self) -> None:
        self.until(lambda: not self.find("#modal-layer").is_displayed(), "the modal to close")

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def messages(self, container: str = "#conversation") -> list[Any]:
        return self.all(f"{container} .message")


def answer_reminder(page: Page, name: str, mood: int) -> None:
    """Click a mood on this person's reminder; Kindred replaces the buttons with a thank-you."""
    selector = f'#conversation .message button[data-action-id="{MOOD_ACTION_PREFIX}{mood}"]'
    button = page.wait_css(selector, f"{name}'s reminder with mood buttons")
    reminder = page.js("return arguments[0].closest('.message')", button)
    key = reminder.get_attribute("data-key")
    assert f"Only {name} can see this" in page.find(".audience", reminder).text
    page.click(button)
    page.until(
        lambda: (
            page.all(f'#conversation .message[data-key="{key}"]')
            and not page.all(f'#conversation .message[data-key="{key}"] button[data-action-id]')
        ),
        f"{name}'s reminder to be answered",
    )


def close_any_modal(page: Page) -> None:
    """Close the window Kindred may leave open after a submission (a thank-you, "Posted")."""
    if page.find("#modal-layer").is_displayed():
        page.click(page.find("#modal .modal-cancel"))
    page.no_modal()


def test_a_week_in_the_playground(
    playground: str, browser: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    page = Page(browser, playground)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    shots = [SCREENSHOT]

    def snapshot(name: str) -> None:
        path = SCREENSHOT.with_name(f"playground-{name}.png")
        assert browser.save_screenshot(str(path))
        shots.append(path)

    # Ada is welcomed to Maya's team in her DM with Kindred; the "who can see this" line shows.
    page.open(ADA)
    welcome = page.wait_css("#conversation .message", "Ada's welcome DM")
    assert "Maya Okafor" in welcome.text
    assert "Only Ada can see this" in page.find(".audience", welcome).text
    assert page.find("#user-switch option[value=U0MAYA]").text.endswith("manager")

    # Text anyone types is shown as text: no markup from a message reaches the page.
    page.nav("C0GENERAL")
    page.type_in_composer("<img src=x onerror=alert(1)> *fine* & <b>bold</b>")
    said = page.wait_css("#conversation .message", "Ada's message in #general")
    assert "<img src=x onerror=alert(1)>" in said.text and "<b>bold</b>" in said.text
    assert page.all("img", said) == [] and page.all("b", said) == []
    assert page.find("strong", said).text == "fine"
    assert "Everyone in #general can see this" in said.text

    # /checkin opens the modal; submitting without a mood shows Kindred's error under the input.
    page.nav("dm")
    page.type_in_composer("/checkin")
    modal = page.modal()
    assert "Only Ada can see this window" in page.find(".audience", modal).text
    page.click(page.find(".modal-submit", modal))
    error = page.wait_css('.block-input[data-block-id="mood"] .input-error:not([hidden])')
    assert error.text.strip()
    page.click(page.find('.block-input[data-block-id="mood"] input[value="4"]', modal))
    note = page.find('.block-input[data-block-id="note"] textarea', modal)
    note.send_keys("Good week, the release went out")
    snapshot("checkin-modal")
    page.click(page.find(".modal-submit", modal))
    page.until(
        lambda: (
            not page.find("#modal-layer").is_displayed()
            or page.find("#modal").get_attribute("data-callback-id") != "checkin"
        ),
        "the check-in to be accepted",
    )
    close_any_modal(page)

    # Friday comes: reminders go to the members who have not checked in yet this week.
    page.click(page.find("#run-friday"))
    toast = page.wait_css(".toast", "the schedule's summary")
    assert "reminder" in toast.text, toast.text
    for person, name, mood in ((BEN, "Ben", 3), (CHLOE, "Chloe", 4)):
        page.switch_user(person)
        answer_reminder(page, name, mood)

    # Ben posts anonymously in #processing-space.
    page.switch_user(BEN)
    page.nav("C0SPACE")
    page.type_in_composer("/share")
    modal = page.modal()
    words = "I keep worrying that I am the only one who feels behind."
    page.find(".modal-input[data-action-id=space_text]", modal).send_keys(words)
    # The live preview follows the typing (Kindred updates the window), and the text box keeps
    # every character through the redraw.
    page.until(lambda: words in page.find("#modal .modal-body").text, "the live preview")
    box = page.find("#modal .modal-input[data-action-id=space_text]")
    assert box.get_attribute("value") == words
    page.idle()
    page.click(page.find("#modal .modal-submit"))
    post = page.wait_css(f'#conversation .message button[data-action-id="{ACTION_REPLY}"]')
    post = page.js("return arguments[0].closest('.message')", post)
    assert "only one who feels behind" in post.text
    assert "Ben" not in post.text
    assert "carries no name" in page.find(".audience", post).text
    close_any_modal(page)

    # Chloe replies anonymously from the message's ⋯ menu, then reads the thread.
    page.switch_user(CHLOE)
    post = page.wait_css("#conversation .message.kind-message[data-ts]")
    post_key = post.get_attribute("data-key")
    page.js("arguments[0].click()", page.find(".more-button", post))
    page.click(page.wait_css('.menu.popup .menu-item[data-shortcut="reply_anonymously"]'))
    modal = page.modal()
    words = "You are not the only one. I feel it too."
    page.find(".modal-input[data-action-id=space_text]", modal).send_keys(words)
    page.until(lambda: words in page.find("#modal .modal-body").text, "the reply's preview")
    page.idle()
    page.click(page.find("#modal .modal-submit"))
    close_any_modal(page)
    replies = page.wait_css(f'#conversation .message[data-key="{post_key}"] .replies-link')
    assert replies.text == "1 reply"
    page.click(replies)
    reply = page.until(lambda: page.messages("#thread")[1:], "the reply in the thread pane")[0]
    assert "I feel it too" in reply.text and "Chloe" not in reply.text
    # Flagging asks first (the Block Kit confirm dialog); saying no sends nothing.
    page.js("arguments[0].click()", page.find(f'[data-action-id="{ACTION_FLAG}"]', reply))
    page.click(page.wait_css(".menu.popup .menu-item"))
    dialog = page.wait_css("#confirm-layer:not([hidden]) #confirm", "the confirm dialog")
    assert dialog.text.strip()
    snapshot("thread-confirm")
    page.click(page.find(".confirm-deny", dialog))
    assert not page.find("#confirm-layer").is_displayed()
    snapshot("thread")

    # Monday comes (the whole week's schedule: Friday's reminders are not sent twice). Maya,
    # the manager, finds her nudge with the team pulse in her DM with Kindred.
    page.switch_user(MAYA)
    page.nav("dm")
    page.click(page.find("#run-week"))
    page.until(lambda: any("1 nudge sent" in t.text for t in page.all(".toast")), "the nudge")
    page.wait_css('#conversation .message button[data-action-id^="nudge_"]', "Maya's nudge")
    nudge = page.js(
        "return document.querySelector('#conversation .message "
        "button[data-action-id^=\"nudge_\"]').closest('.message')"
    )
    assert "3 people checked in" in nudge.text, nudge.text
    assert "Only Maya can see this" in page.find(".audience", nudge).text
    page.js("arguments[0].scrollIntoView()", nudge)

    # Nothing on the page failed along the way.
    problems = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert problems == []

    assert browser.save_screenshot(str(SCREENSHOT))
    with capsys.disabled():
        print(f"\nplayground screenshots ({time.monotonic() - started:.1f}s in the browser):")
        for path in shots:
            print(f"  {path}")
