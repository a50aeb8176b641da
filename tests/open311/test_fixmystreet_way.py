"""The FixMyStreet-style script (fixmystreet_post.py) as a test, plus the error answers FixMyStreet reads."""
import xml.etree.ElementTree as ET

import requests

from fixmystreet_post import file_request


def test_file_and_read_back(base_url, api_key, jurisdiction):
    request_id, item = file_request(base_url, api_key, jurisdiction)
    assert item.findtext("service_notice")


def test_a_repeated_update_id_returns_the_first_result(base_url, api_key, jurisdiction):
    request_id, _ = file_request(base_url, api_key, jurisdiction)
    form = {"jurisdiction_id": jurisdiction, "api_key": api_key, "service_request_id": request_id, "update_id": "fms-1",
            "status": "INVESTIGATING", "updated_datetime": "2026-11-30T10:00:00+07:00", "description": "Đang kiểm tra."}
    first = requests.post(f"{base_url}/servicerequestupdates.xml", data=form, timeout=10)
    again = requests.post(f"{base_url}/servicerequestupdates.xml", data=form, timeout=10)
    assert first.status_code == again.status_code == 200
    ids = [ET.fromstring(r.content).find("request_update").findtext("update_id") for r in (first, again)]
    assert ids[0] and ids[0] == ids[1]


def test_errors_are_errors_error_code_description(base_url, jurisdiction):
    response = requests.post(f"{base_url}/requests.xml", data={"jurisdiction_id": jurisdiction, "service_code": "su_co_duong",
                                                               "api_key": "o311_wrong"}, timeout=10)
    assert response.status_code == 403
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors and errors[0].findtext("code") == "403" and errors[0].findtext("description")
