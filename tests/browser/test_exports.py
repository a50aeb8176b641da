"""The queue's downloads open in the tools people use (issue 13): the XLSX file in openpyxl (the reader behind
pandas' Excel support), the CSV file in Python's csv module, both holding the rows the queue page counts.

The coordinator signs in through the real login page in Chromium; the downloads are fetched with the browser's
session cookie (Chromium's headless download folder is not needed to read a file)."""

from __future__ import annotations

import csv
import datetime
import io
import re
import urllib.request

import openpyxl
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "Demo-Pass-2026"
HEADER = ["Mã tra cứu", "Tiêu đề", "Trạng thái", "Mức độ", "Lĩnh vực", "Xã, phường", "Kênh", "Cơ quan chủ trì",
          "Tiếp nhận", "Hạn xử lý"]


def test_queue_downloads_open_in_openpyxl_and_csv(driver, base_url, screenshot):
    # arrange: the coordinator signs in and opens the whole queue
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys("coordinator@demo.1022.local")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site form button")))
    driver.get(base_url + "/quan-tri?status=all")
    count_text = driver.find_element(By.ID, "queue-count").text
    screenshot("queue")
    total = int(re.match(r"(\d+) phản ánh", count_text).group(1))
    assert total > 0, count_text
    links = {a.text: a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#queue-count a")}
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())

    def download(url: str) -> tuple[str, bytes]:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=30) as response:
            return response.headers.get("Content-Type", ""), response.read()

    # act
    xlsx_type, xlsx = download(links["Excel (XLSX)"])
    csv_type, csv_bytes = download(links["CSV"])

    # check: the spreadsheet opens, has the header and one row per case in the queue
    assert xlsx_type.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), xlsx_type
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = workbook.active
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    # typed cells: the reception instant is a date-time (shown dd/mm/yyyy hh:mm), the header bold, widths set
    assert all(isinstance(row[8], datetime.datetime) for row in rows[1:]), [type(row[8]) for row in rows[1:3]]
    assert sheet["I2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert sheet.column_dimensions["B"].width == 60 and sheet.column_dimensions["A"].width == 14
    assert rows[0] == HEADER
    assert len(rows) - 1 == total, f"{len(rows) - 1} rows in the XLSX, {total} in the queue"
    assert all(re.fullmatch(r"\d{3}-\d{3}-\d{4}", row[0]) for row in rows[1:]), rows[1][0]
    assert any(re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", row[1]) for row in rows[1:]), "Vietnamese kept"

    # the CSV holds the same rows (after its UTF-8 byte-order mark)
    assert csv_type.startswith("text/csv"), csv_type
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(csv_bytes[3:].decode("utf-8"))))
    assert table[0] == HEADER
    assert [row[0] for row in table[1:]] == [row[0] for row in rows[1:]]
    # the same instant in both, in Hồ Chí Minh City time
    assert table[1][8] == rows[1][8].strftime("%d/%m/%Y %H:%M"), (table[1][8], rows[1][8])
