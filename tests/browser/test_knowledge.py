"""The knowledge base in a real browser (issue 14): a citizen finds a published
answer on the public FAQ by typing without diacritics and reaches the guides
from the footer; an operator finds the hotline's internal rule, answers a new
case on the spot with an article, and the case shows which article answered it.

Runs against the demo server of scripts/browser-test (PAKN_DEMO=1, demo users'
password Demo-Pass-2026), whose demo data seed a dozen articles.
"""

from __future__ import annotations

from demo_site import PASSWORD, WAIT, go, login, logout
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def test_citizen_finds_an_answer_on_the_faq(driver, base_url, screenshot):
    driver.get(base_url + "/")
    faq_link = driver.find_element(By.CSS_SELECTOR, "header.site a[href='/hoi-dap']")
    assert faq_link.text == "Hỏi đáp"
    go(driver, faq_link)
    search = driver.find_element(By.ID, "q")
    search.send_keys("dang ky khai sinh")  # typed without diacritics, as on a cheap phone
    go(driver, search)
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#faq li > a")]
    assert "Đăng ký khai sinh cho trẻ em" in titles, titles
    # The hotline's internal rules and an agency's proposal never reach the public.
    assert "Khi nào chuyển 113, 114, 115" not in driver.page_source
    screenshot("faq-search")
    go(driver, driver.find_element(By.LINK_TEXT, "Đăng ký khai sinh cho trẻ em"))
    article = driver.find_element(By.ID, "faq-article").text
    assert "Trong 60 ngày kể từ ngày sinh" in article, article
    # Every page links to the guides.
    go(driver, driver.find_element(By.ID, "help-link"))
    guides = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#guides a")]
    assert len(guides) == 6 and any(g.startswith("Người dân") for g in guides), guides


def test_operator_answers_on_the_spot_with_an_article(driver, base_url, screenshot):
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys("operator@demo.1022.local")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    go(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    # The operator's help link opens the operator's guide.
    assert driver.find_element(By.ID, "help-link").get_attribute("href").endswith("/huong-dan/tong-dai-vien")

    # The hotline's own rule, found without diacritics.
    driver.get(base_url + "/quan-tri/kien-thuc?q=chuyen+113")
    assert "Khi nào chuyển 113, 114, 115" in driver.find_element(By.ID, "knowledge").text

    # A new case waiting for triage: answer it with the birth-registration article.
    driver.get(base_url + "/quan-tri?status=received")
    links = driver.find_elements(By.CSS_SELECTOR, "table#queue tbody tr a[href^='/quan-tri/phan-anh/']")
    assert links, "the demo data leave cases waiting for triage"
    go(driver, links[0])
    box = driver.find_element(By.ID, "kb")
    box.send_keys("khai sinh")
    go(driver, box)
    use = WebDriverWait(driver, WAIT).until(EC.element_to_be_clickable(
        (By.XPATH, "//section[@id='knowledge-box']//li[a[normalize-space()='Đăng ký khai sinh cho trẻ em']]/a[@class='use-article']")))
    assert use.text == "Trả lời bằng bài này"
    go(driver, use)
    form = driver.find_element(By.ID, "action-answerDirectly")
    answer = form.find_element(By.CSS_SELECTOR, "textarea[name=note]")
    assert answer.get_attribute("value").startswith("Trong 60 ngày kể từ ngày sinh"), answer.get_attribute("value")[:200]
    assert "Đăng ký khai sinh cho trẻ em" in driver.find_element(By.ID, "article-picked").text
    screenshot("answer-from-article")
    go(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.find_element(By.ID, "status").text.strip() == "Đã trả lời, công khai"
    uses = driver.find_element(By.ID, "article-uses").text
    assert "Đăng ký khai sinh cho trẻ em" in uses and "trả lời bằng bài viết" in uses, uses
