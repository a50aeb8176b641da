"""The main loop of issue 2 in a real browser, at a phone's width (390 px):

a citizen submits a phản ánh with Vietnamese text and a photo carrying GPS data, reads the tracking
code and looks it up; the operator finds it in the queue and forwards it to the proposed agency; the
agency officer accepts and answers; the agency leader approves; the coordinator checks the masked
preview and publishes; the citizen sees the masked answer, verifies with the last 4 digits of her
phone and rates it; the published answer is found by a search typed without diacritics.

Every page is saved as a full-page screenshot (390 px wide, numbered in order) through the
`screenshot` fixture; a page wider than the phone is reported as a warning.
"""

from __future__ import annotations

import re
import urllib.parse
import warnings
from pathlib import Path

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "Tests" / "PAKNServerTests" / "Fixtures" / "photo-with-gps.jpg"
PASSWORD = "Demo-Pass-2026"
PHONE_WIDTH, PHONE_HEIGHT = 390, 900  # the viewport conftest.py sets

CITIZEN_NAME = "Trần Thị Mai"
CITIZEN_PHONE = "0905 111 222"
CITIZEN_PHONE_DIGITS = "0905111222"
CITIZEN_EMAIL = "tran.thi.mai@example.com"
OPERATOR_REPLY = "Chúng tôi đã nhận phản ánh, sẽ chuyển Sở Xây dựng xử lý trong hôm nay."
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
SEARCH_WITHOUT_DIACRITICS = "dong da"  # "Đống Đa" in the title: đ must fold into d
SECRETS = (CITIZEN_NAME, CITIZEN_PHONE, CITIZEN_PHONE_DIGITS)

CODE_FORMAT = re.compile(r"^\d{3}-\d{3}-\d{4}$")
WAIT = 15


class ErrorPage(Exception):
    """The site answered with its error page ("Lỗi 403 – Hệ thống 1022", …)."""


def test_citizen_to_rated_published_answer(driver, base_url, screenshot, artifacts_dir, request):
    # Screenshots of an earlier run (a FAILED-… one especially) must not mix with this run's.
    for old in artifacts_dir.glob(f"{request.node.name}--*.png"):
        old.unlink()
    wait = WebDriverWait(driver, WAIT)
    layout_problems: list[str] = []
    shot_numbers = iter(range(1, 100))

    # ---- helpers -------------------------------------------------------------------------------

    def page(name: str) -> None:
        """Full-page screenshot at the phone's width, and a check that nothing is wider than it."""
        name = f"{next(shot_numbers):02d}-{name}"
        width = driver.execute_script("return document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            layout_problems.append(f"{name} ({driver.current_url}): {width} px wide at a {PHONE_WIDTH} px viewport")
        height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        metrics = {"width": PHONE_WIDTH, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": min(max(int(height), PHONE_HEIGHT), 8000)})
        try:
            screenshot(name)
        finally:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": PHONE_HEIGHT})

    def expect(condition, what: str):
        """Waits for `condition`; fails at once on the site's error page, or after the time-out,
        saying what the page shows instead (and saving it as a FAILED-… screenshot)."""

        def check(d):
            try:
                if d.title.startswith("Lỗi "):
                    raise ErrorPage()
                return condition(d)
            except ErrorPage:
                raise
            except WebDriverException:  # missing, stale, or the page is still being replaced
                return False

        try:
            return wait.until(check)
        except (TimeoutException, ErrorPage) as error:
            page(f"FAILED-{what}")
            main = driver.find_elements(By.TAG_NAME, "main")
            shown = main[0].text if main else driver.page_source
            when = "got an error page" if isinstance(error, ErrorPage) else f"not seen within {WAIT} s"
            raise AssertionError(
                f"{what}: {when} on {driver.current_url} (title {driver.title!r}); the page shows: {shown[:600]!r}"
            ) from None

    def submit(element: WebElement, what: str) -> None:
        """Clicks a button or link (or submits the form of a field) and waits for the next page."""
        driver.execute_script("window.__paknPreviousPage = true")
        if element.tag_name in ("button", "a"):
            element.click()
        else:
            element.submit()
        expect(
            lambda d: d.execute_script("return !window.__paknPreviousPage && document.readyState === 'complete'"),
            what,
        )

    def by_id(element_id: str) -> WebElement:
        return expect(EC.presence_of_element_located((By.ID, element_id)), f"#{element_id}")

    def option_text(option: WebElement) -> str:
        # The site renders <option value="…" label="…"/> with no text content: the text a person
        # sees is then the label attribute, and Selenium's option.text is "".
        return (option.text or "").strip() or (option.get_attribute("label") or "").strip()

    def select_by_shown_text(select: WebElement, text: str) -> None:
        chooser = Select(select)
        for index, option in enumerate(chooser.options):
            if option_text(option) == text:
                chooser.select_by_index(index)
                return
        raise AssertionError(f"no option shown as {text!r} in select#{select.get_attribute('id')}")

    def status_is(label: str) -> None:
        expect(EC.text_to_be_present_in_element((By.ID, "status"), label), f"status {label!r}")
        assert by_id("status").text.strip() == label

    def login(email: str, who: str) -> None:
        driver.get(base_url + "/dang-nhap")
        by_id("email").send_keys(email)
        by_id("password").send_keys(PASSWORD)
        page(f"login-{who}")
        submit(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), f"log in as {email}")
        expect(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site form button")), f"logged in as {email}")

    def logout(who: str) -> None:
        button = driver.find_element(By.CSS_SELECTOR, "header.site form button")
        assert button.text.startswith("Đăng xuất"), f"the header's logout button reads {button.text!r}"
        submit(button, f"log {who} out")
        expect(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site a[href='/dang-nhap']")), f"{who} logged out")
        assert not driver.find_elements(By.CSS_SELECTOR, "header.site form button"), f"{who} still logged in"

    def open_case_from_queue(code: str, who: str) -> None:
        driver.get(base_url + "/quan-tri")
        search = by_id("q")
        search.clear()
        search.send_keys(code)
        submit(search, f"search the queue of {who}")
        link = expect(
            EC.element_to_be_clickable((By.XPATH, f"//table[@id='queue']//a[normalize-space()='{code}']")),
            f"{code} in the queue of {who}",
        )
        rows = driver.find_elements(By.CSS_SELECTOR, "table#queue tbody tr")
        assert len(rows) == 1, f"searching the queue of {who} for {code} gave {len(rows)} rows"
        page(f"queue-{who}")
        submit(link, f"open {code} as {who}")
        expect(EC.presence_of_element_located((By.ID, "history")), f"the case page for {who}")
        assert code in driver.find_element(By.TAG_NAME, "h1").text

    def act(action: str, note: str | None = None) -> None:
        form = by_id(f"action-{action}")
        if note is not None:
            # Every action form has its own <textarea id="note">: look inside this form only.
            form.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys(note)
        submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"), f"the {action} form")

    # ---- 1. The citizen submits the form with Vietnamese text and a photo carrying GPS data. ----
    driver.get(base_url + "/gui-phan-anh")
    Select(by_id("kind")).select_by_value("phan_anh")
    by_id("title").send_keys(TITLE)
    by_id("content").send_keys(CONTENT)
    service = Select(by_id("serviceCode"))
    service.select_by_value("su_co_duong")
    assert option_text(service.first_selected_option).endswith("Đường hư hỏng – ổ gà"), option_text(service.first_selected_option)
    select_by_shown_text(by_id("communeCode"), "Phường Quy Nhơn")
    by_id("address").send_keys("Trước nhà số 12 đường Đống Đa")
    assert PHOTO.is_file(), PHOTO
    by_id("attachments").send_keys(str(PHOTO))
    by_id("fullName").send_keys(CITIZEN_NAME)
    by_id("phone").send_keys(CITIZEN_PHONE)
    by_id("email").send_keys(CITIZEN_EMAIL)
    assert not by_id("hideIdentityPublic").is_selected(), "'hide my identity' must not be pre-ticked"
    consent = by_id("consent")
    assert not consent.is_selected(), "the consent box must not be pre-ticked"
    consent.click()
    assert consent.is_selected()
    page("submit-form")
    submit(driver.find_element(By.CSS_SELECTOR, "form[action='/gui-phan-anh'] button[type=submit]"), "submit the PAKN")
    code = expect(EC.visibility_of_element_located((By.ID, "tracking-code")), "the confirmation page").text.strip()
    assert CODE_FORMAT.match(code), f"tracking code {code!r} is not ddd-ddd-dddd"
    page("confirmation")

    # ---- 2. She looks it up, typing the code with spaces instead of dashes. ----
    driver.get(base_url + "/tra-cuu")
    field = by_id("ma")
    field.send_keys(code.replace("-", " "))
    page("lookup-form")
    submit(field, "look the code up")
    status_is("Mới tiếp nhận")
    assert by_id("tracking-code").text.strip() == code
    timeline = driver.find_elements(By.CSS_SELECTOR, "ol.timeline li")
    assert timeline and "Tiếp nhận" in timeline[0].text, "the public timeline does not start with the receipt"
    page("lookup-received")

    # ---- 3. The operator finds it in the queue and forwards it to the proposed lead agency. ----
    login("operator@demo.1022.local", "operator")
    open_case_from_queue(code, "operator")
    status_is("Mới tiếp nhận")
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
    assert stored.get("jpeg") and stored.get("size", 0) > 0, f"the stored photo: {stored}"
    assert not stored.get("exif"), "the stored photo still carries EXIF (GPS) metadata"
    lead = Select(by_id("action-forward").find_element(By.CSS_SELECTOR, "#leadAgencyID"))
    assert option_text(lead.first_selected_option) == "Sở Xây dựng", (
        f"the proposed lead agency is {option_text(lead.first_selected_option)!r}"
    )
    page("operator-case")

    # The operator writes to the citizen: the reply box says where it goes and why, previews, then queues it.
    reply_form = by_id("reply-form")
    route = by_id("reply-route").text
    assert route, "the reply box does not say where a reply would go"
    reply_form.find_element(By.CSS_SELECTOR, "textarea[name=text]").send_keys(OPERATOR_REPLY)
    submit(reply_form.find_element(By.CSS_SELECTOR, "button[type=submit]"), "preview the reply")
    expect(EC.visibility_of_element_located((By.ID, "reply-confirm")), "the reply preview")
    assert OPERATOR_REPLY in by_id("reply-preview").text, "the preview does not show the text"
    assert by_id("reply-route").text == route, "the preview names another route than the case page"
    page("operator-reply-preview")
    submit(by_id("reply-confirm"), "send the reply")
    conversation = expect(EC.presence_of_element_located((By.ID, "conversation")), "the conversation after replying")
    assert OPERATOR_REPLY in conversation.text, conversation.text
    page("operator-replied")
    act("forward")
    status_is("Đã chuyển xử lý")
    page("operator-forwarded")
    logout("operator")

    # ---- 4. The agency officer accepts it and answers, naming the citizen and her phone again. ----
    login("officer@demo.1022.local", "officer")
    open_case_from_queue(code, "officer")
    status_is("Đã chuyển xử lý")
    page("officer-case")
    act("accept")
    status_is("Đang xử lý")
    page("officer-accepted")
    act("answer", ANSWER)
    status_is("Đã có dự thảo trả lời")
    assert CITIZEN_NAME in by_id("answer-draft").text, "staff should see the draft as written"
    page("officer-answered")
    logout("officer")

    # ---- 5. The agency leader approves the answer. ----
    login("leader@demo.1022.local", "leader")
    open_case_from_queue(code, "leader")
    status_is("Đã có dự thảo trả lời")
    page("leader-case")
    act("approve")
    status_is("Lãnh đạo đã duyệt")
    page("leader-approved")
    logout("leader")

    # ---- 6. The coordinator checks the masked preview and publishes. ----
    login("coordinator@demo.1022.local", "coordinator")
    open_case_from_queue(code, "coordinator")
    status_is("Lãnh đạo đã duyệt")
    preview = by_id("publication-preview").text
    for secret in SECRETS:
        assert secret not in preview, f"{secret!r} is not masked in the publication preview"
    assert "[họ tên đã ẩn]" in preview and "[SĐT đã ẩn]" in preview, preview
    page("coordinator-preview")
    act("publish")
    status_is("Đã trả lời, công khai")
    page("coordinator-published")
    logout("coordinator")

    # ---- 7. The citizen, in a fresh session, sees the masked answer, verifies herself and rates. ----
    driver.delete_all_cookies()
    driver.get(base_url + "/tra-cuu")
    field = by_id("ma")
    field.send_keys(code)
    submit(field, "look the published case up")
    status_is("Đã trả lời, công khai")
    answer = by_id("answer-text").text
    assert "Đã vá ổ gà" in answer and "[họ tên đã ẩn]" in answer and "[SĐT đã ẩn]" in answer, answer
    source = driver.page_source
    for secret in (*SECRETS, CITIZEN_EMAIL):
        assert secret not in source, f"{secret!r} is on the public look-up page before verification"
    assert not driver.find_elements(By.ID, "rating-form"), "rating offered before verification"
    page("citizen-published")
    verify = by_id("verify-form")
    verify.find_element(By.CSS_SELECTOR, "#factor").send_keys(CITIZEN_PHONE_DIGITS[-4:])
    submit(verify.find_element(By.CSS_SELECTOR, "button[type=submit]"), "verify with the last 4 digits")
    personal = expect(EC.visibility_of_element_located((By.ID, "personal")), "her details after verification")
    lines = personal.text.splitlines()
    assert f"Họ tên: {CITIZEN_NAME}" in lines, personal.text
    phone_lines = [line for line in lines if line.startswith("Điện thoại:")]
    assert phone_lines and re.sub(r"\D", "", phone_lines[0]) == CITIZEN_PHONE_DIGITS, personal.text
    page("citizen-verified")
    rating = by_id("rating-form")
    Select(rating.find_element(By.CSS_SELECTOR, "#stars")).select_by_value("5")
    rating.find_element(By.CSS_SELECTOR, "#comment").send_keys("Xử lý nhanh, mặt đường đã phẳng. Cảm ơn!")
    submit(rating.find_element(By.CSS_SELECTOR, "button[type=submit]"), "rate 5 stars")
    expect(EC.text_to_be_present_in_element((By.ID, "rating"), "5/5"), "the rating 5/5")
    assert not driver.find_elements(By.ID, "rating-form"), "the rating form is still offered after rating"
    page("citizen-rated")

    # ---- 8. The published answer is found by a search typed without diacritics. ----
    driver.get(base_url + "/cong-khai?q=" + urllib.parse.quote(SEARCH_WITHOUT_DIACRITICS))
    items = expect(EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".published-item")), "search results")
    ours = [item for item in items if f"Mã {code}" in item.text]
    assert ours, f"searching {SEARCH_WITHOUT_DIACRITICS!r} did not list {code} on the first page"
    assert "Đống Đa" in ours[0].find_element(By.TAG_NAME, "h3").text
    source = driver.page_source
    for secret in SECRETS:
        assert secret not in source, f"{secret!r} is on the public search page"
    page("search-without-diacritics")

    for problem in layout_problems:
        warnings.warn(f"layout at {PHONE_WIDTH} px: {problem}")
