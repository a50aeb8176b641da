"""The main loop of issue 2 in a real browser, at a phone's width (390 px):

a citizen submits a phản ánh with Vietnamese text and a photo, reads the tracking code and looks
it up; the operator forwards it to the proposed agency; the agency officer accepts and answers;
the agency leader approves; the coordinator checks the masked preview and publishes; the citizen
sees the masked answer, verifies with the last 4 digits of her phone and rates it; the published
answer is found by a search typed without diacritics.

Every page is saved as a full-page screenshot (390 px wide) through the `screenshot` fixture.
"""

from __future__ import annotations

import re
import urllib.parse
import warnings
from pathlib import Path

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "Tests" / "PAKNServerTests" / "Fixtures" / "photo-with-gps.jpg"
PASSWORD = "Demo-Pass-2026"

CITIZEN_NAME = "Trần Thị Mai"
CITIZEN_PHONE = "0905 111 222"
CITIZEN_PHONE_DIGITS = "0905111222"
CITIZEN_EMAIL = "tran.thi.mai@example.com"
TITLE = "Ổ gà sâu giữa đường Đống Đa – Trần Thị Mai, 0905 111 222 báo"
CONTENT = (
    "Tôi là Trần Thị Mai, số 0905 111 222. Trước nhà số 12 đường Đống Đa có một ổ gà sâu khoảng 20 cm, "
    "rộng gần 1 mét, trời mưa đọng nước nên xe máy không nhìn thấy. Tối qua đã có hai người ngã xe. "
    "Đề nghị cơ quan chức năng sớm vá lại mặt đường."
)
ANSWER = (
    "Đã vá ổ gà theo phản ánh của bà Trần Thị Mai (0905 111 222) ngày 28/11. "
    "Đội duy tu đã cắt, lu lèn và thảm lại bê tông nhựa mặt đường trước nhà số 12 đường Đống Đa."
)
SEARCH_WITHOUT_DIACRITICS = "dong da"  # from "Đống Đa" in the title: đ must fold into d

CODE_FORMAT = re.compile(r"^\d{3}-\d{3}-\d{4}$")
WAIT = 15


def test_citizen_to_rated_published_answer(driver, base_url, screenshot, artifacts_dir, request):
    # Screenshots of an earlier run (a FAILED-… one especially) must not mix with this run's.
    for old in artifacts_dir.glob(f"{request.node.name}--*.png"):
        old.unlink()
    wait = WebDriverWait(driver, WAIT)
    layout_problems: list[str] = []
    shots = iter(range(1, 100))

    def page(name: str) -> None:
        """Full-page screenshot at 390 px (numbered in the order taken), plus a check that
        nothing is wider than the phone."""
        name = f"{next(shots):02d}-{name}"
        width = driver.execute_script("return document.documentElement.scrollWidth")
        if width > 390:
            layout_problems.append(f"{name} ({driver.current_url}): page is {width} px wide at a 390 px viewport")
        height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": min(max(int(height), 900), 8000), "deviceScaleFactor": 1, "mobile": True},
        )
        try:
            screenshot(name)
        finally:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True},
            )

    class ErrorPage(Exception):
        pass

    def expect(condition, what: str):
        """Waits for `condition`; fails at once on the site's error page ("Lỗi 403 – …"),
        or after the time-out, with what the page shows instead."""

        def check(d):
            if d.title.startswith("Lỗi "):
                raise ErrorPage()
            return condition(d)

        try:
            return wait.until(check)
        except (TimeoutException, ErrorPage) as error:
            page(f"FAILED-{what}")
            main = driver.find_elements(By.TAG_NAME, "main")
            shown = main[0].text if main else driver.page_source
            when = "got an error page" if isinstance(error, ErrorPage) else f"not seen within {WAIT} s"
            raise AssertionError(
                f"{what}: {when} on {driver.current_url} (title {driver.title!r}); "
                f"the page shows: {shown[:600]!r}"
            ) from None

    def by_id(element_id: str, within: WebElement | None = None) -> WebElement:
        if within is not None:
            return within.find_element(By.CSS_SELECTOR, f"#{element_id}")
        return wait.until(EC.presence_of_element_located((By.ID, element_id)))

    def option_text(option: WebElement) -> str:
        # The product renders <option value=… label="…"/> with no text content; the visible
        # text is then the label attribute (see the report).
        return (option.text or "").strip() or (option.get_attribute("label") or "").strip()

    def select_by_shown_text(select: WebElement, text: str) -> None:
        chooser = Select(select)
        for index, option in enumerate(chooser.options):
            if option_text(option) == text:
                chooser.select_by_index(index)
                return
        raise AssertionError(f"no option shown as {text!r} in select#{select.get_attribute('id')}")

    def wait_status(label: str) -> None:
        expect(EC.text_to_be_present_in_element((By.ID, "status"), label), f"status {label!r}")
        assert by_id("status").text.strip() == label

    def login(email: str, name: str) -> None:
        driver.get(base_url + "/dang-nhap")
        by_id("email").send_keys(email)
        by_id("password").send_keys(PASSWORD)
        page(f"login-{name}")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        expect(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site form button")), f"logged in as {email}")

    def logout(name: str) -> None:
        button = driver.find_element(By.CSS_SELECTOR, "header.site form[action='/dang-xuat'] button, header.site form button")
        assert button.text.startswith("Đăng xuất"), f"logout button reads {button.text!r}"
        button.click()
        expect(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site a[href='/dang-nhap']")), f"{name} logged out")
        assert not driver.find_elements(By.CSS_SELECTOR, "header.site form button"), "still logged in after logout"

    def open_case_from_queue(code: str, name: str) -> None:
        driver.get(base_url + "/quan-tri")
        search = by_id("q")
        search.clear()
        search.send_keys(code)
        search.submit()
        wait.until(lambda d: "q=" in d.current_url)
        link = expect(
            EC.element_to_be_clickable((By.XPATH, f"//table[@id='queue']//a[normalize-space()='{code}']")),
            f"{code} in the queue of {name}",
        )
        rows = driver.find_elements(By.CSS_SELECTOR, "table#queue tbody tr")
        assert len(rows) == 1, f"searching the queue for {code} gave {len(rows)} rows"
        page(f"queue-{name}")
        link.click()
        expect(EC.presence_of_element_located((By.ID, "history")), f"the case page for {name}")
        assert code in driver.find_element(By.TAG_NAME, "h1").text

    def submit_action(action: str, note: str | None = None) -> None:
        form = by_id(f"action-{action}")
        if note is not None:
            form.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys(note)
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        button.click()
        wait.until(EC.staleness_of(button))

    # 1. The citizen submits the form, with Vietnamese text and a photo carrying GPS data.
    driver.get(base_url + "/gui-phan-anh")
    Select(by_id("kind")).select_by_value("phan_anh")
    by_id("title").send_keys(TITLE)
    by_id("content").send_keys(CONTENT)
    service = by_id("serviceCode")
    Select(service).select_by_value("su_co_duong")
    assert option_text(Select(service).first_selected_option) == "Đường hư hỏng – ổ gà" or option_text(
        Select(service).first_selected_option
    ).endswith("Đường hư hỏng – ổ gà")
    select_by_shown_text(by_id("communeCode"), "Phường Quy Nhơn")
    by_id("address").send_keys("Trước nhà số 12 đường Đống Đa")
    assert PHOTO.is_file(), PHOTO
    by_id("attachments").send_keys(str(PHOTO))
    by_id("fullName").send_keys(CITIZEN_NAME)
    by_id("phone").send_keys(CITIZEN_PHONE)
    by_id("email").send_keys(CITIZEN_EMAIL)
    assert not by_id("hideIdentityPublic").is_selected()
    consent = by_id("consent")
    assert not consent.is_selected(), "the consent box must not be pre-ticked"
    consent.click()
    assert consent.is_selected()
    page("submit-form")
    submit = driver.find_element(By.CSS_SELECTOR, "form[action='/gui-phan-anh'] button[type=submit]")
    submit.click()
    code = expect(EC.visibility_of_element_located((By.ID, "tracking-code")), "the confirmation page").text.strip()
    assert CODE_FORMAT.match(code), f"tracking code {code!r} is not ddd-ddd-dddd"
    page("confirmation")

    # 2. She looks it up, typing the code with spaces instead of dashes.
    driver.get(base_url + "/tra-cuu")
    field = by_id("ma")
    field.send_keys(code.replace("-", " "))
    page("lookup-form")
    field.submit()
    wait_status("Mới tiếp nhận")
    assert by_id("tracking-code").text.strip() == code
    timeline = driver.find_elements(By.CSS_SELECTOR, "ol.timeline li")
    assert timeline, "the public timeline is empty"
    assert "Tiếp nhận" in timeline[0].text
    page("lookup-received")

    # 3. The operator finds it in the queue and forwards it to the proposed lead agency.
    login("operator@demo.1022.local", "operator")
    open_case_from_queue(code, "operator")
    wait_status("Mới tiếp nhận")
    photo_links = driver.find_elements(By.XPATH, "//main//a[starts-with(normalize-space(), 'Tệp: photo-with-gps.jpg')]")
    assert photo_links, "the citizen's photo is not listed on the operator's case page"
    stored = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {
            const bytes = new Uint8Array(b);
            done({size: bytes.length, jpeg: bytes[0] === 0xFF && bytes[1] === 0xD8,
                  exif: new TextDecoder('latin1').decode(bytes).includes('Exif')});
        }).catch(e => done({error: String(e)}));""",
        photo_links[0].get_attribute("href"),
    )
    assert stored.get("jpeg") and stored.get("size", 0) > 0, f"stored photo: {stored}"
    assert not stored.get("exif"), "the stored photo still carries EXIF (GPS) metadata"
    forward = by_id("action-forward")
    lead = Select(forward.find_element(By.CSS_SELECTOR, "#leadAgencyID"))
    assert option_text(lead.first_selected_option) == "Sở Xây dựng", (
        f"proposed lead agency is {option_text(lead.first_selected_option)!r}"
    )
    page("operator-case")
    submit_action("forward")
    wait_status("Đã chuyển xử lý")
    page("operator-forwarded")
    logout("operator")

    # 4. The agency officer accepts it and answers, naming the citizen and her phone again.
    login("officer@demo.1022.local", "officer")
    open_case_from_queue(code, "officer")
    wait_status("Đã chuyển xử lý")
    page("officer-case")
    submit_action("accept")
    wait_status("Đang xử lý")
    page("officer-accepted")
    submit_action("answer", ANSWER)
    wait_status("Đã có dự thảo trả lời")
    assert "Trần Thị Mai" in by_id("answer-draft").text  # staff see the unmasked draft
    page("officer-answered")
    logout("officer")

    # 5. The agency leader approves the answer.
    login("leader@demo.1022.local", "leader")
    open_case_from_queue(code, "leader")
    wait_status("Đã có dự thảo trả lời")
    page("leader-case")
    submit_action("approve")
    wait_status("Lãnh đạo đã duyệt")
    page("leader-approved")
    logout("leader")

    # 6. The coordinator checks the masked preview and publishes.
    login("coordinator@demo.1022.local", "coordinator")
    open_case_from_queue(code, "coordinator")
    wait_status("Lãnh đạo đã duyệt")
    preview = by_id("publication-preview").text
    for secret in (CITIZEN_NAME, CITIZEN_PHONE, CITIZEN_PHONE_DIGITS):
        assert secret not in preview, f"{secret!r} is not masked in the publication preview"
    assert "[họ tên đã ẩn]" in preview and "[SĐT đã ẩn]" in preview, preview
    page("coordinator-preview")
    submit_action("publish")
    wait_status("Đã trả lời, công khai")
    page("coordinator-published")
    logout("coordinator")

    # 7. The citizen, in a fresh session, sees the masked answer, verifies herself and rates it.
    driver.delete_all_cookies()
    driver.get(base_url + "/tra-cuu")
    field = by_id("ma")
    field.send_keys(code)
    field.submit()
    wait_status("Đã trả lời, công khai")
    answer = by_id("answer-text").text
    assert "Đã vá ổ gà" in answer and "[họ tên đã ẩn]" in answer and "[SĐT đã ẩn]" in answer, answer
    source = driver.page_source
    for secret in (CITIZEN_NAME, CITIZEN_PHONE, CITIZEN_PHONE_DIGITS, CITIZEN_EMAIL):
        assert secret not in source, f"{secret!r} is in the public look-up page before verification"
    assert not driver.find_elements(By.ID, "rating-form"), "rating offered before verification"
    page("citizen-published")
    verify = by_id("verify-form")
    verify.find_element(By.CSS_SELECTOR, "#factor").send_keys(CITIZEN_PHONE_DIGITS[-4:])
    verify.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    personal = expect(EC.visibility_of_element_located((By.ID, "personal")), "her details after verification")
    lines = personal.text.splitlines()
    assert f"Họ tên: {CITIZEN_NAME}" in lines, personal.text
    phone_lines = [line for line in lines if line.startswith("Điện thoại:")]
    assert phone_lines and re.sub(r"\D", "", phone_lines[0]) == CITIZEN_PHONE_DIGITS, personal.text
    page("citizen-verified")
    rating = by_id("rating-form")
    Select(rating.find_element(By.CSS_SELECTOR, "#stars")).select_by_value("5")
    rating.find_element(By.CSS_SELECTOR, "#comment").send_keys("Xử lý nhanh, mặt đường đã phẳng. Cảm ơn!")
    button = rating.find_element(By.CSS_SELECTOR, "button[type=submit]")
    button.click()
    expect(EC.text_to_be_present_in_element((By.ID, "rating"), "5/5"), "the rating 5/5")
    assert not driver.find_elements(By.ID, "rating-form"), "the rating form is still offered after rating"
    page("citizen-rated")

    # 8. The published answer is found by a search typed without diacritics.
    driver.get(base_url + "/cong-khai?q=" + urllib.parse.quote(SEARCH_WITHOUT_DIACRITICS))
    items = expect(EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".published-item")), "search results")
    ours = [item for item in items if f"Mã {code}" in item.text]
    assert ours, f"searching {SEARCH_WITHOUT_DIACRITICS!r} did not list {code}"
    assert "Đống Đa" in ours[0].find_element(By.TAG_NAME, "h3").text
    source = driver.page_source
    for secret in (CITIZEN_NAME, CITIZEN_PHONE, CITIZEN_PHONE_DIGITS):
        assert secret not in source, f"{secret!r} is on the public search page"
    page("search-without-diacritics")

    for problem in layout_problems:
        warnings.warn(f"layout at 390 px: {problem}")
