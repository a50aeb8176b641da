"""The home page loads in a real browser and names the service."""


def test_home_page_title_names_1022(driver, base_url, screenshot):
    # act
    driver.get(base_url + "/")
    # check
    screenshot("home")
    assert "1022" in driver.title, f"title was {driver.title!r}"
