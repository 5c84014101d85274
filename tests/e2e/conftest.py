"""Browser journeys: the test app served over real HTTP, driven by Debian's Chromium."""

import os
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from app.demo import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # The test app is built with SERVER_NAME=localhost for url_for outside requests;
    # the browser must reach it by the same name.
    app.config["SERVER_NAME"] = f"localhost:{server.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.port}"
    server.shutdown()
    app.config["SERVER_NAME"] = "localhost"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def log_in(browser: Browser, live_server: str) -> Iterator:
    contexts = []

    def _log_in(username: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server}/login/")
        page.fill("#username", username)
        page.fill("#password", DEMO_PASSWORD)
        page.click("[type=submit]")
        page.wait_for_url(f"{live_server}/")
        return page

    yield _log_in
    for context in contexts:
        context.close()
