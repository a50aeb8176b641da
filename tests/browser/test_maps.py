"""The maps' progressive enhancement in a real browser (issue 13).

scripts/browser-test starts the server with PAKN_MAP_TILES pointing at tests/browser/tile_peer.py (a local
peer that plays an OpenStreetMap-compatible tile server, named "localhost": another origin than the site's).

- The public form: the pin map draws tiles from that server (the page's content security policy allows it),
  a tap on the map fills the latitude and longitude fields, "Dùng vị trí hiện tại của tôi" fills them from the
  phone's location (Chromium's geolocation set through the DevTools protocol), and the request is stored with
  those coordinates: the coordinator's map places its commune at them.
- No page breaks its content security policy, and the public pages never show the exact coordinates.
"""

from __future__ import annotations

import urllib.request

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import os

PASSWORD = "Demo-Pass-2026"
WAIT = 20
# Where the phone says it is: Phường Quy Nhơn (a point of the city centre).
PHONE_AT = (13.771234, 109.223456)
# The province centre the form's map opens on (MapSettings' default, PAKN_MAP_CENTER unset).
CENTRE = (13.98, 108.62)

# Records every content-security-policy violation of every page, from before the page's own scripts run.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def tiles_served() -> int:
    with urllib.request.urlopen(os.environ["PAKN_TILE_PEER_URL"] + "/count", timeout=5) as response:
        return int(response.read())


def test_form_pin_and_location_fill_the_coordinates_and_the_map_places_them(driver, base_url, screenshot):
    wait = WebDriverWait(driver, WAIT)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_RECORDER})

    def no_violations(where: str) -> None:
        violations = driver.execute_script("return window.__cspViolations || []")
        assert violations == [], f"{where}: content security policy violations {violations}"

    before = tiles_served()
    driver.get(base_url + "/gui-phan-anh")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#pin-map.leaflet-container")))
    # Tiles come from the configured server and are shown (loaded, not blocked).
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pin-map img.leaflet-tile-loaded"))
    assert tiles_served() > before, "the page drew no tile from the configured tile server"
    no_violations("the form")

    # A tap at the middle of the map drops the pin at the map's centre: the province centre.
    pin_map = driver.find_element(By.ID, "pin-map")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pin_map)
    ActionChains(driver).move_to_element(pin_map).click().perform()
    latitude, longitude = driver.find_element(By.ID, "latitude"), driver.find_element(By.ID, "longitude")
    wait.until(lambda d: latitude.get_attribute("value") != "")
    lat, lon = float(latitude.get_attribute("value")), float(longitude.get_attribute("value"))
    # One pixel at zoom 8 is about 0.005°; allow a few for rounding of the element's middle.
    assert abs(lat - CENTRE[0]) < 0.05 and abs(lon - CENTRE[1]) < 0.05, (lat, lon)
    assert driver.find_elements(By.CSS_SELECTOR, "#pin-map .leaflet-marker-icon"), "no pin on the map"
    screenshot("form-pin")

    # "My location": the phone's position, granted and set through the DevTools protocol.
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base_url, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride",
                           {"latitude": PHONE_AT[0], "longitude": PHONE_AT[1], "accuracy": 10})
    driver.find_element(By.ID, "use-my-location").click()
    wait.until(lambda d: latitude.get_attribute("value") == f"{PHONE_AT[0]:.6f}")
    assert longitude.get_attribute("value") == f"{PHONE_AT[1]:.6f}"
    assert "13.771234" in driver.find_element(By.ID, "pin-status").text

    # Send it, so the stored request carries the coordinates.
    driver.find_element(By.ID, "title").send_keys("Cây xanh ngã chắn ngang vỉa hè")
    driver.find_element(By.ID, "content").send_keys("Cây bàng lớn bị ngã sau cơn mưa, chắn hết vỉa hè, người đi bộ phải xuống lòng đường.")
    Select(driver.find_element(By.ID, "communeCode")).select_by_visible_text("Phường Quy Nhơn")
    driver.find_element(By.ID, "fullName").send_keys("Võ Thị Lan")
    driver.find_element(By.ID, "phone").send_keys("0906 222 333")
    consent = driver.find_element(By.ID, "consent")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", consent)
    consent.click()
    button = driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    code = wait.until(EC.presence_of_element_located((By.ID, "tracking-code"))).text
    assert code, "no tracking code"

    # The public look-up never shows the exact coordinates.
    driver.get(base_url + "/tra-cuu?ma=" + code.replace("-", ""))
    assert "13.771234" not in driver.page_source and "109.223456" not in driver.page_source

    # The coordinator's map: Phường Quy Nhơn is placed (SVG) and drawn on tiles, at the request's location
    # (the only located case of the demo data; rounded to 0.001°).
    driver.get(base_url + "/dang-nhap")
    driver.find_element(By.ID, "email").send_keys("coordinator@demo.1022.local")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "header.site form button")))
    driver.find_element(By.CSS_SELECTOR, "header.site a[href='/quan-tri/ban-do']").click()
    wait.until(EC.presence_of_element_located((By.ID, "case-map")))
    titles = [t.get_attribute("textContent") for t in driver.find_elements(By.CSS_SELECTOR, "#case-map circle title")]
    assert any(t.startswith("Phường Quy Nhơn – Đang xử lý, trong hạn: ") for t in titles), titles
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#tile-map-slot.leaflet-container path.leaflet-interactive")))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tile-map-slot img.leaflet-tile-loaded"))
    points = driver.execute_script("return JSON.parse(document.getElementById('map-points').textContent)")
    assert [(p["label"], p["lat"], p["lon"]) for p in points] == [("Phường Quy Nhơn", 13.771, 109.223)], points
    no_violations("the back-office map")
    screenshot("back-office-map")
