"""Steps shared by the browser tests that use the demo server of scripts/browser-test
(PAKN_DEMO=1, demo users' password Demo-Pass-2026)."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Demo-Pass-2026"
WAIT = 15


def go(driver, element) -> None:
    """Clicks a button or link (or submits the form of a field), waits for the next page, and fails on the site's
    error page, saying what it shows."""
    driver.execute_script("window.__paknPreviousPage = true")
    if element.tag_name in ("button", "a"):
        element.click()
    else:
        element.submit()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return !window.__paknPreviousPage && document.readyState === 'complete'")
    )
    assert not driver.title.startswith("Lỗi "), f"error page at {driver.current_url}: {driver.find_element(By.TAG_NAME, 'main').text[:400]}"


def login(driver, base_url, email) -> None:
    """Signs in as a demo user."""
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    go(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def logout(driver) -> None:
    go(driver, driver.find_element(By.CSS_SELECTOR, "header.site form button"))
