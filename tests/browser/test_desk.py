"""The agency's desk in a real browser (issue 14): the agency leader names an
officer on a case, the officer finds it under "Việc của tôi"; the leader hands
the officer's cases back over on the hand-over page.

Runs against the demo server of scripts/browser-test (PAKN_DEMO=1): the demo
leader and officer belong to Sở Xây dựng, which the demo data give running cases.
"""

from __future__ import annotations

from demo_site import PASSWORD, WAIT, go, login, logout
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def test_leader_names_an_officer_who_finds_it_in_my_cases(driver, base_url, screenshot):
    login(driver, base_url, "leader@demo.1022.local")
    driver.get(base_url + "/quan-tri")
    links = driver.find_elements(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']")
    assert links, "the demo agency has running cases"
    code = links[0].text.strip()
    go(driver, links[0])
    chooser = Select(driver.find_element(By.ID, "officerID"))
    chooser.select_by_visible_text("Phạm Minh Xử Lý")
    screenshot("leader-names-officer")
    go(driver, driver.find_element(By.CSS_SELECTOR, "#officer-form button[type=submit]"))
    assert "cán bộ: Phạm Minh Xử Lý" in driver.find_element(By.TAG_NAME, "main").text
    logout(driver)

    login(driver, base_url, "officer@demo.1022.local")
    go(driver, driver.find_element(By.ID, "my-cases"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Việc của tôi"
    assert driver.find_element(By.ID, "mine").is_selected()
    codes = [a.text.strip() for a in driver.find_elements(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']")]
    assert code in codes, (code, codes)
    screenshot("officer-my-cases")
    logout(driver)

    # The officer is away: the leader hands their cases over to themselves.
    login(driver, base_url, "leader@demo.1022.local")
    driver.get(base_url + "/quan-tri/ban-giao")
    Select(driver.find_element(By.ID, "fromID")).select_by_visible_text("Phạm Minh Xử Lý")
    Select(driver.find_element(By.ID, "toID")).select_by_visible_text("Võ Thị Lãnh Đạo")
    go(driver, driver.find_element(By.CSS_SELECTOR, "#handover-form button[type=submit]"))
    result = driver.find_element(By.ID, "handover-result").text
    assert result.startswith("Đã bàn giao ") and not result.startswith("Đã bàn giao 0 "), result


def test_back_office_uses_a_desktop_and_fits_a_phone(driver, base_url, screenshot):
    """At 1366 px the case page puts the case and its moves beside who handles it, the conversation and the history;
    at 360 px the same page is one column with nothing wider than the screen."""
    login(driver, base_url, "operator@demo.1022.local")
    driver.get(base_url + "/quan-tri?status=received")
    case = driver.find_element(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']").get_attribute("href")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.get(case)
    main_width = driver.execute_script("return document.querySelector('main').getBoundingClientRect().width")
    assert main_width > 1200, f"the back office uses the width: main is {main_width} px at 1366 px"
    left = driver.execute_script("return document.querySelector('.case-main').getBoundingClientRect()")
    right = driver.execute_script("return document.querySelector('.case-side').getBoundingClientRect()")
    assert right["left"] >= left["right"] and right["top"] < left["bottom"], (left, right)
    screenshot("case-desktop")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    driver.get(case)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 360, f"{width} px wide at a 360 px screen"
    left = driver.execute_script("return document.querySelector('.case-main').getBoundingClientRect()")
    right = driver.execute_script("return document.querySelector('.case-side').getBoundingClientRect()")
    assert right["top"] >= left["bottom"] - 1, "one column on a phone"


def test_leaving_a_changed_triage_asks_first(driver, base_url):
    """An operator who changed the classification is asked before leaving the page (the page's beforeunload
    handler cancels the unload, which makes the browser ask); unchanged, or put back as it was, it is not.
    The event is dispatched by the test: how a headless browser shows the question is the browser's business."""
    login(driver, base_url, "operator@demo.1022.local")
    driver.get(base_url + "/quan-tri?status=received")
    case = driver.find_element(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']").get_attribute("href")
    driver.get(case)
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
    asks = "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;"
    assert driver.execute_script(asks) is False, "an unchanged page leaves without a question"
    title = driver.find_element(By.CSS_SELECTOR, "#triage-form #title")
    original = title.get_attribute("value")
    title.send_keys(" (đã sửa)")
    assert driver.execute_script(asks) is True, "a changed classification asks first"
    title.clear()
    title.send_keys(original)
    assert driver.execute_script(asks) is False, "put back as it was: no question"
    driver.find_element(By.CSS_SELECTOR, "#action-answerDirectly textarea[name=note]").send_keys("Đang soạn trả lời")
    assert driver.execute_script(asks) is True, "a half-written answer asks first too"


def test_a_change_by_someone_else_is_announced_on_the_open_case_page(driver, base_url):
    """The operator has a case open; a coordinator (another session, another browser) triages it; the operator's
    page says so at once and offers to reload (the same relay carries it between nodes on PostgreSQL)."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    login(driver, base_url, "operator@demo.1022.local")
    driver.get(base_url + "/quan-tri?status=received")
    case = driver.find_element(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']").get_attribute("href")
    driver.get(case)
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.documentElement.getAttribute('data-live')") == "listening")

    # The coordinator, in a session of their own.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def csrf(html: str) -> str:
        return re.search(r'name="_csrf" value="([^"]+)"', html).group(1)

    def post(url: str, fields: dict) -> None:
        with opener.open(urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())) as response:
            assert response.status == 200, response.status

    token = csrf(opener.open(base_url + "/dang-nhap").read().decode())
    post(base_url + "/dang-nhap", {"email": "coordinator@demo.1022.local", "password": PASSWORD, "_csrf": token})
    page = opener.open(case).read().decode()
    commune = re.search(r'<select id="communeCode"[^>]*>.*?<option value="([^"]+)" selected', page, re.S).group(1)
    post(case + "/phan-loai", {"title": "Đã phân loại lại", "serviceCode": "su_co_duong", "urgency": "khan",
                               "communeCode": commune, "_csrf": csrf(page)})

    note = WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "live-change"))[0]
    assert note.text.startswith("Phản ánh vừa được cập nhật (Phân loại; trạng thái:"), note.text
    assert note.find_element(By.LINK_TEXT, "Tải lại trang")
