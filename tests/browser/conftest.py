"""Fixtures for the browser suite.

Run through `scripts/browser-test` (or `scripts/test`), which starts the server
and exports:

- PAKN_BASE_URL: the server's root URL, e.g. http://127.0.0.1:41234 (no trailing slash).
- PAKN_ARTIFACTS: the folder for screenshots (default artifacts/screenshots).

The browser is Debian's Chromium (/usr/bin/chromium) with Debian's chromedriver
(/usr/bin/chromedriver). SE_OFFLINE=true stops Selenium Manager from trying to
download a browser or driver: the machines reach no such host.
The window is a phone's (390x900) and the UI language is Vietnamese (`english_driver`: British English).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("PAKN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PAKN_CHROMEDRIVER", "/usr/bin/chromedriver")
VIEWPORT = (390, 900)


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("PAKN_BASE_URL")
    if not url:
        pytest.fail("PAKN_BASE_URL is not set: run the browser suite through scripts/browser-test")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(os.environ.get("PAKN_ARTIFACTS", "artifacts/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium(language: str = "vi", accept: str = "vi,vi-VN") -> webdriver.Chrome:
    """A headless Chromium with a phone's viewport whose UI and Accept-Language are `language` / `accept`."""
    os.environ["SE_OFFLINE"] = "true"
    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=390,900",
        f"--lang={language}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": accept})
    service = Service(executable_path=CHROMEDRIVER)
    browser = webdriver.Chrome(service=service, options=options)
    # Headless Chromium keeps windows at least 500 px wide and takes the window
    # frame off the height, so --window-size alone gives a 500x757 viewport.
    # Pin the viewport to a phone's 390x900 (a phone honours <meta name=viewport>).
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": True},
    )
    browser.set_page_load_timeout(30)
    return browser


@pytest.fixture
def driver() -> Iterator[webdriver.Chrome]:
    browser = chromium()
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def english_driver() -> Iterator[webdriver.Chrome]:
    """A browser whose user prefers British English, then English (issue 14, "English")."""
    browser = chromium("en-GB", "en-GB,en")
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def screenshot(driver: webdriver.Chrome, artifacts_dir: Path, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Returns `screenshot(name)`, which saves the current page as
    $PAKN_ARTIFACTS/<test name>--<name>.png and returns the path."""

    def take(name: str) -> Path:
        safe = lambda text: re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")
        path = artifacts_dir / f"{safe(request.node.name)}--{safe(name)}.png"
        if not driver.save_screenshot(str(path)):
            raise RuntimeError(f"could not save screenshot {path}")
        return path

    return take
