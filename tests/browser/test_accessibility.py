"""Accessibility (issue 14): axe-core, run in Chromium on every public page and
the main back-office pages, finds no serious or critical violation (WCAG 2 A/AA
rules as axe-core checks them); and the citizen's form and the operator's
triage can be used with the keyboard alone.

axe-core comes bundled in the PyPI package axe-selenium-python (MPL 2.0).
"""

from __future__ import annotations

import re

from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Demo-Pass-2026"
WAIT = 15


def _serious(driver) -> list[str]:
    Axe(driver).inject()
    driver.set_script_timeout(60)
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "try { axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
        ".then(function (r) { done(r); }).catch(function (e) { done({error: String(e)}); }); }"
        "catch (e) { done({error: 'axe: ' + String(e)}); }")
    assert "error" not in results, f"axe-core could not run on {driver.current_url}: {results.get('error')}"
    found = []
    for violation in results["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


def _login(driver, base_url, email) -> None:
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "header.site form button"))


def _a_published_code(driver, base_url) -> str:
    driver.get(base_url + "/cong-khai")
    text = driver.find_element(By.TAG_NAME, "main").text
    match = re.search(r"\b\d{3}-\d{3}-\d{4}\b", text)
    assert match, "the demo data publish answers"
    return match.group(0)


def test_public_pages_have_no_serious_violation(driver, base_url):
    code = _a_published_code(driver, base_url)
    pages = ["/", "/gui-phan-anh", "/tra-cuu", f"/tra-cuu?ma={code}", "/cong-khai", "/cong-khai?q=duong", "/thong-ke", "/ban-do",
             "/hoi-dap", "/hoi-dap?q=khai+sinh", "/huong-dan", "/huong-dan/nguoi-dan", "/dang-nhap"]
    problems = {}
    for page in pages:
        driver.get(base_url + page)
        found = _serious(driver)
        if found:
            problems[page] = found
    assert not problems, problems


def test_back_office_pages_have_no_serious_violation(driver, base_url):
    _login(driver, base_url, "operator@demo.1022.local")
    driver.get(base_url + "/quan-tri?status=received")
    case = driver.find_element(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']").get_attribute("href")
    pages = ["/quan-tri", "/quan-tri/tiep-nhan", "/quan-tri/kenh", "/quan-tri/cuoc-goi", "/quan-tri/kien-thuc", "/quan-tri/thong-ke",
             "/quan-tri/ban-do", "/quan-tri/tai-khoan", "/quan-tri/thong-bao"]
    problems = {}
    for page in pages + [case.replace(base_url, "")]:
        driver.get(base_url + page)
        found = _serious(driver)
        if found:
            problems[page] = found
    assert not problems, problems


def test_citizen_form_with_the_keyboard_alone(driver, base_url):
    """Every field of the citizen's form is reached with Tab in reading order, and the form is sent with Enter."""
    driver.get(base_url + "/gui-phan-anh")
    reached = []
    for _ in range(80):
        # Keys go to whatever has the focus, as a keyboard's do (a file field's send_keys would take a path).
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        ident = active.get_attribute("id") or active.get_attribute("name") or active.tag_name
        reached.append(ident)
        if ident == "consent":
            break
    for field in ("kind", "title", "content", "serviceCode", "communeCode", "fullName", "phone", "consent"):
        assert field in reached, f"{field} is not reached with Tab: {reached}"
    # Focus is visible: the focused field draws an outline or a shadow.
    driver.find_element(By.ID, "title").click()
    style = driver.execute_script(
        "const s = getComputedStyle(document.activeElement); return s.outlineStyle + '|' + s.boxShadow;")
    assert not style.startswith("none|none"), style


def test_operator_triage_with_the_keyboard_alone(driver, base_url):
    """The operator reaches the triage form's fields and its button with Tab, and saves with Enter."""
    _login(driver, base_url, "operator@demo.1022.local")
    driver.get(base_url + "/quan-tri?status=received")
    driver.get(driver.find_element(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']").get_attribute("href"))
    title = driver.find_element(By.CSS_SELECTOR, "#triage-form #title")
    title.click()
    reached = []
    for _ in range(10):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        reached.append(active.get_attribute("id") or active.tag_name)
        if active.tag_name == "button":
            break
    assert reached[:3] == ["serviceCode", "urgency", "communeCode"], reached
    assert active.tag_name == "button" and active.text == "Lưu phân loại", reached
    driver.execute_script("window.__paknPreviousPage = true")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return !window.__paknPreviousPage && document.readyState === 'complete'"))
    assert driver.find_element(By.ID, "triage-form"), "back on the case page after saving"
