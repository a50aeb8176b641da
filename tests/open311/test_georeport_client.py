"""The PyPI Open311 client `georeport` (a real, independent client) against our server, in JSON and in XML.

georeport parses XML with xmltodict: a list of one element comes back as a dict, of several as a list, and every
value as a string; in JSON it returns the bare arrays as they are. The assertions follow GeoReport v2, not our code.
"""
import re

import pytest
import requests
from georeport import GeoReport

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "lat", "long", "media_url",
}


def as_list(value):
    """xmltodict gives a dict for a single repeated element."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@pytest.fixture(params=["json", "xml"])
def client(request, base_url, jurisdiction):
    return GeoReport(base_url, jurisdiction=jurisdiction, output_format=request.param)


def test_service_list(client):
    services = as_list(client.get_service_list())
    assert len(services) >= 30
    codes = {s["service_code"] for s in services}
    assert "su_co_duong" in codes and "cap_nuoc" in codes
    for service in services:
        assert set(service) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
        assert service["type"] == "realtime"
        assert isinstance(service["service_code"], str)
    road = next(s for s in services if s["service_code"] == "su_co_duong")
    assert road["metadata"] in (True, "true")
    assert road["group"] == "Sự cố hạ tầng kỹ thuật"


def test_service_definition(client):
    definition = client.get_service_definition("su_co_duong")
    assert definition["service_code"] == "su_co_duong"
    attributes = definition["attributes"]
    if client.output_format == "xml":
        attributes = as_list(attributes["attribute"])
    datatypes = {a["datatype"] for a in attributes}
    assert datatypes == {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
    size = next(a for a in attributes if a["code"] == "kich_thuoc")
    assert size["required"] in (True, "true")
    values = size["values"] if client.output_format == "json" else as_list(size["values"]["value"])
    assert [v["key"] for v in values] == ["nho", "vua", "lon"]


def test_service_requests(client):
    found = as_list(client.get_service_requests())
    assert 1 <= len(found) <= 50, "the default page holds at most 50"
    for item in found:
        assert set(item) == REQUEST_FIELDS
        assert re.fullmatch(r"\d{10}", item["service_request_id"])
        assert item["status"] in ("open", "closed")
        assert DATETIME.match(item["requested_datetime"])
    closed = as_list(client.get_service_requests(status="closed"))
    assert closed and all(item["status"] == "closed" for item in closed)
    road = as_list(client.get_service_requests(service_code="su_co_duong,ngap_ung"))
    assert all(item["service_code"] in ("su_co_duong", "ngap_ung") for item in road)


def test_one_service_request(client):
    first = as_list(client.get_service_requests())[0]
    one = client.get_service_request(first["service_request_id"])
    assert one["service_request_id"] == first["service_request_id"]
    assert one["status"] == first["status"]
    several = as_list(client.get_service_requests(service_request_id=first["service_request_id"]))
    assert [item["service_request_id"] for item in several] == [first["service_request_id"]]


def test_unknown_request_is_404_in_the_spec_shape(client, base_url):
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_request("0000000000")
    assert raised.value.response.status_code == 404
    body = raised.value.response
    if client.output_format == "json":
        errors = body.json()
        assert isinstance(errors, list) and set(errors[0]) == {"code", "description"}
    else:
        assert body.headers["Content-Type"] == "text/xml; charset=utf-8"
        assert "<errors><error><code>404</code>" in body.text


def test_other_jurisdiction_is_404(base_url):
    other = GeoReport(base_url, jurisdiction="hanoi.gov.vn", output_format="xml")
    with pytest.raises(requests.HTTPError) as raised:
        other.get_service_list()
    assert raised.value.response.status_code == 404
