"""The screen pop in a real browser (issue 14): an operator who set the
extension they answer at has a back-office page open; the switchboard (CTI)
reports a call ringing at that extension; the caller's card appears on the page
at once with their earlier cases, and the operator attaches the call to one of
them, which then shows the call in its conversation.

Runs against the demo server of scripts/browser-test (PAKN_DEMO=1,
PAKN_CTI_TOKEN=browser-cti-token); the demo's first sample request was sent from
0900100000.
"""

from __future__ import annotations

import json
import urllib.request

from demo_site import PASSWORD, WAIT, go, login, logout
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CTI_TOKEN = "browser-cti-token"
CALLER = "0900100000"


def _ring(base_url: str, call_id: str, agents: list[str]) -> None:
    """Plays the switchboard: a newCall event as the CTI posts it (channels.md §4.1)."""
    body = json.dumps({"event": "newCall", "direction": "in", "callId": call_id, "from": CALLER, "to": "1022", "user": agents}).encode()
    request = urllib.request.Request(f"{base_url}/api/v1/cti/{CTI_TOKEN}", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, response.status


def test_call_pops_up_and_is_attached_to_a_case(driver, base_url, screenshot):
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys("operator@demo.1022.local")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    go(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    driver.get(base_url + "/quan-tri/tai-khoan")
    extension = driver.find_element(By.ID, "ctiExtension")
    extension.clear()
    extension.send_keys("101")
    go(driver, driver.find_element(By.CSS_SELECTOR, "#extension-form button[type=submit]"))

    driver.get(base_url + "/quan-tri")
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.documentElement.getAttribute('data-calls')") == "listening")
    _ring(base_url, "browser-pop-1", ["101"])
    pop = WebDriverWait(driver, WAIT).until(EC.visibility_of_element_located((By.ID, "screen-pop")))
    assert CALLER in pop.find_element(By.CSS_SELECTOR, ".caller").text
    earlier = pop.find_elements(By.CSS_SELECTOR, "ul.earlier a, ul.open-cases a")
    assert earlier, "the caller's earlier cases are on the card: " + pop.text[:300]
    assert pop.find_element(By.LINK_TEXT, "Tạo phản ánh mới từ cuộc gọi này")
    code = earlier[0].text.strip()
    screenshot("screen-pop")

    # Attach the call to that case from the card, by its code.
    field = pop.find_element(By.ID, "attach-code")
    field.send_keys(code)
    go(driver, field)
    assert code in driver.find_element(By.TAG_NAME, "h1").text
    conversation = driver.find_element(By.ID, "conversation").text
    assert f"Cuộc gọi {CALLER}" in conversation, conversation[:400]
