"""The printable periodic report prints (issue 13): Chromium prints /quan-tri/bao-cao to PDF as a leader would
with Ctrl+P (Page.printToPDF with the page's own CSS page size), and the PDF is kept as a test artefact
($PAKN_ARTIFACTS/report.pdf). Read back with pypdf: A4 pages, the administrative header of a Vietnamese report
(Nghị định 30/2020/NĐ-CP, Phụ lục I), the report's sections, and none of the screen's menu or form."""

from __future__ import annotations

import base64
import io

from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Demo-Pass-2026"
# A4 in PostScript points: 210 mm × 297 mm at 72 / 25.4 points per millimetre.
A4 = (210 * 72 / 25.4, 297 * 72 / 25.4)


def test_periodic_report_prints_to_a4_pdf(driver, base_url, artifacts_dir):
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys("provincial@demo.1022.local")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site form button")))
    driver.get(base_url + "/quan-tri/bao-cao?ky=nam")
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "doc-header")))

    printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf = base64.b64decode(printed["data"])
    (artifacts_dir / "report.pdf").write_bytes(pdf)

    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, f"page of {width}x{height} pt, not A4"
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for expected in ("UBND TỈNH GIA LAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị năm", "I. Tổng hợp",
                     "II. Kết quả trả lời theo cơ quan chủ trì", "VI. Phản ánh đang quá hạn"):
        assert expected.lower() in text.lower(), f"{expected!r} not in the PDF's text: {text[:600]!r}"
    for screen_only in ("Đăng xuất", "Hàng đợi", "In báo cáo bằng lệnh In"):
        assert screen_only not in text, f"{screen_only!r} is printed"
