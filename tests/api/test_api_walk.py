"""Every /api/v1 operation, called the way a partner would, answers as openapi.json says (issue 10 item 8).

The document stays hand-written; this walk is what keeps it from drifting. It runs one real case through the
API from creation to publication and rating, plus the documented errors of each operation, against the server
scripts/with-server started (demo data). Every response is validated with openapi-core against a *strict* copy
of the document: each object schema that does not say otherwise gets ``additionalProperties: false``, so a field
the server adds without documenting it fails, as does a missing required field, a wrong type, an undocumented
status code or content type. At the end, every documented operation must have been called and have answered its
documented success status at least once.

Run through scripts/interop-test (it provides PAKN_BASE_URL and the demo logins).
"""
import copy
import json
import os
import re
import uuid

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.testing import MockRequest, MockResponse

METHODS = {"get", "put", "post", "delete", "patch"}
DAMM = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
]


def damm(digits):
    """The Damm check digit (H. M. Damm, 2004; the tracking code's last digit)."""
    interim = 0
    for d in digits:
        interim = DAMM[interim][int(d)]
    return str(interim)


def strict(document):
    """A copy of the document in which objects admit only the properties they list."""
    doc = copy.deepcopy(document)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc.get("components", {}))
    walk(doc.get("paths", {}))
    return doc


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run this suite through scripts/interop-test", returncode=2)
    return value


class Walk:
    """Calls operations by their documented path template and validates every answer."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.session = requests.Session()
        self.document = self.session.get(self.base + "/api/v1/openapi.json", timeout=20).json()
        self.document["servers"] = [{"url": self.base}]
        self.openapi = OpenAPI.from_dict(strict(self.document))
        self.answered = {}  # (method, template) -> set of statuses

    def call(self, method, template, expect, *, path=None, token=None, headers=None, **kwargs):
        url = self.base + template
        for name, value in (path or {}).items():
            url = url.replace("{" + name + "}", str(value))
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = "Bearer " + token
        response = self.session.request(method, url, headers=all_headers, timeout=20, **kwargs)
        assert response.status_code == expect, f"{method} {template}: {response.status_code} {response.text[:300]}"
        try:
            self.openapi.validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))
        except Exception as error:  # openapi-core's errors carry the schema errors on their cause
            found = sorted({e.message[:200] for e in getattr(error.__cause__, "schema_errors", ())})
            raise AssertionError(f"{method} {template} → {response.status_code}: {type(error).__name__}: "
                                 f"{found[:5] or str(error)[:300]}") from None
        self.answered.setdefault((method.lower(), template), set()).add(response.status_code)
        return response


@pytest.fixture(scope="module")
def walk():
    return Walk(_required("PAKN_BASE_URL"))


def test_strict_copy_refuses_an_undocumented_field():
    """The check can fail: a Created answer with one field more than documented passes the document as written
    (objects admit extra fields in JSON Schema) and is refused by the strict copy; the exact answer passes both."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "PAKNServer", "Resources", "openapi.json")
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    document["servers"] = [{"url": "http://localhost"}]
    created = {"service_request_id": "1234567894", "tracking_code": "123-456-7894", "status": "open",
               "detailed_status": "received", "received_at": "2026-12-04T10:00:00+07:00"}
    request = MockRequest("http://localhost", "post", "/api/v1/requests")

    def answer(body):
        return MockResponse(json.dumps(body).encode(), status_code=201, content_type="application/json")

    extra = dict(created, secret="x")
    OpenAPI.from_dict(document).validate_response(request, answer(extra))
    with pytest.raises(Exception):
        OpenAPI.from_dict(strict(document)).validate_response(request, answer(extra))
    OpenAPI.from_dict(strict(document)).validate_response(request, answer(created))


def test_every_operation_answers_as_documented(walk):
    password = _required("PAKN_DEMO_PASSWORD")

    # Reference data and the document itself, with their conditional reads.
    spec = walk.call("GET", "/api/v1/openapi.json", 200)
    walk.call("GET", "/api/v1/openapi.json", 304, headers={"If-None-Match": spec.headers["ETag"]})
    services = walk.call("GET", "/api/v1/services", 200).json()
    communes = walk.call("GET", "/api/v1/communes", 200)
    walk.call("GET", "/api/v1/communes", 304, headers={"If-None-Match": communes.headers["ETag"]})
    agencies = walk.call("GET", "/api/v1/agencies", 200).json()
    agency = next(a["id"] for a in agencies if a["name"] == "Sở Xây dựng")

    # A partner files a request; the same key again replays the first answer.
    body = {"kind": "phan_anh", "title": "Ổ gà trên đường Trần Hưng Đạo",
            "description": "Ổ gà lớn giữa đường Trần Hưng Đạo, xe máy dễ ngã vào buổi tối.",
            "service_code": services[0]["service_code"], "commune_code": communes.json()[0]["code"],
            "address": "Đường Trần Hưng Đạo", "full_name": "Nguyễn Văn An", "phone": "0912345678", "consent": True}
    key = str(uuid.uuid4())
    created = walk.call("POST", "/api/v1/requests", 201, json=body, headers={"Idempotency-Key": key}).json()
    again = walk.call("POST", "/api/v1/requests", 201, json=body, headers={"Idempotency-Key": key})
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == created
    walk.call("POST", "/api/v1/requests", 400, data="{not json", headers={"Content-Type": "application/json"})
    walk.call("POST", "/api/v1/requests", 415, data="title=x", headers={"Content-Type": "text/plain"})
    invalid = walk.call("POST", "/api/v1/requests", 422, json={"title": "x"}).json()
    assert invalid["error"]["code"] == "validation_failed" and invalid["error"]["fields"]
    code = created["tracking_code"]

    # Public reads of it.
    walk.call("GET", "/api/v1/requests", 200, params={"q": "duong tran hung dao"})
    walk.call("GET", "/api/v1/requests", 400, params={"page": "0"})
    walk.call("GET", "/api/v1/requests/{code}", 200, path={"code": code})
    walk.call("GET", "/api/v1/requests/{code}", 400, path={"code": "12345"})
    digits = re.sub(r"\D", "", code)
    other = ("9" if digits[0] != "9" else "8") + digits[1:9]
    walk.call("GET", "/api/v1/requests/{code}", 404, path={"code": other + damm(other)})

    # Rating before an answer is public: 409; the wrong verification: 403; stars out of range: 422.
    walk.call("POST", "/api/v1/requests/{code}/rating", 409, path={"code": code}, json={"stars": 5, "verification": "5678"})
    walk.call("POST", "/api/v1/requests/{code}/rating", 403, path={"code": code}, json={"stars": 5, "verification": "0000"})
    walk.call("POST", "/api/v1/requests/{code}/rating", 404, path={"code": other + damm(other)}, json={"stars": 5})
    walk.call("POST", "/api/v1/requests/{code}/rating", 415, path={"code": code}, data="stars=5", headers={"Content-Type": "text/plain"})

    # Tokens for the people who move the case.
    def token(email):
        return walk.call("POST", "/api/v1/auth/token", 200, json={"email": email, "password": password}).json()["token"]

    coordinator = token("coordinator@demo.1022.local")
    officer = token("officer@demo.1022.local")
    leader = token("leader@demo.1022.local")
    walk.call("POST", "/api/v1/auth/token", 401, json={"email": "coordinator@demo.1022.local", "password": "sai-mat-khau-roi"})
    walk.call("POST", "/api/v1/auth/token", 400, data="{", headers={"Content-Type": "application/json"})
    walk.call("POST", "/api/v1/auth/token", 415, data="x", headers={"Content-Type": "text/plain"})

    # The staff list finds it; its detail and events.
    listed = walk.call("GET", "/api/v1/staff/requests", 200, token=coordinator, params={"status": "received", "page_size": "100"}).json()
    case = next(item["id"] for item in listed["items"] if item["tracking_code"] == digits)
    walk.call("GET", "/api/v1/staff/requests", 401)
    walk.call("GET", "/api/v1/staff/requests", 400, token=coordinator, params={"status": "khong-co"})
    detail = walk.call("GET", "/api/v1/staff/requests/{id}", 200, path={"id": case}, token=coordinator)
    walk.call("GET", "/api/v1/staff/requests/{id}", 304, path={"id": case}, token=coordinator, headers={"If-None-Match": detail.headers["ETag"]})
    walk.call("GET", "/api/v1/staff/requests/{id}", 401, path={"id": case})
    walk.call("GET", "/api/v1/staff/requests/{id}", 404, path={"id": str(uuid.uuid4())}, token=coordinator)
    walk.call("GET", "/api/v1/staff/requests/{id}/events", 200, path={"id": case}, token=coordinator)
    walk.call("GET", "/api/v1/staff/requests/{id}/events", 404, path={"id": str(uuid.uuid4())}, token=coordinator)

    # Triage, then the case's whole way: forward, accept, answer, approve, publish.
    walk.call("POST", "/api/v1/staff/requests/{id}/triage", 200, path={"id": case}, token=coordinator, json={"urgency": "thuong"})
    walk.call("POST", "/api/v1/staff/requests/{id}/triage", 422, path={"id": case}, token=coordinator, json={"service_code": "khong_co_linh_vuc"})
    walk.call("POST", "/api/v1/staff/requests/{id}/triage", 415, path={"id": case}, token=coordinator, data="x", headers={"Content-Type": "text/plain"})
    action = "/api/v1/staff/requests/{id}/actions/{action}"
    walk.call("POST", action, 404, path={"id": case, "action": "khong-co"}, token=coordinator, json={})
    walk.call("POST", action, 409, path={"id": case, "action": "approve"}, token=coordinator, json={})
    walk.call("POST", action, 422, path={"id": case, "action": "reject"}, token=coordinator, json={"rejection_reason": "khong-co"})
    walk.call("POST", action, 200, path={"id": case, "action": "forward"}, token=coordinator, json={"lead_agency_id": agency})
    walk.call("POST", action, 200, path={"id": case, "action": "accept"}, token=officer, json={})
    walk.call("POST", action, 200, path={"id": case, "action": "answer"}, token=officer,
              json={"note": "Đã vá ổ gà trên đường Trần Hưng Đạo ngày 03/12/2026.", "note_public": True})
    walk.call("POST", action, 403, path={"id": case, "action": "approve"}, token=officer, json={})
    walk.call("POST", action, 200, path={"id": case, "action": "approve"}, token=leader, json={})
    published = walk.call("POST", action, 200, path={"id": case, "action": "publish"}, token=coordinator, json={}).json()
    assert published["status"] == "published"

    # Now the citizen rates it, once.
    walk.call("POST", "/api/v1/requests/{code}/rating", 204, path={"code": code}, json={"stars": 4, "verification": "5678"})
    walk.call("POST", "/api/v1/requests/{code}/rating", 409, path={"code": code}, json={"stars": 5, "verification": "5678"})
    walk.call("POST", "/api/v1/requests/{code}/rating", 422, path={"code": code}, json={"stars": 9, "verification": "5678"})
    public = walk.call("GET", "/api/v1/requests/{code}", 200, path={"code": code}).json()
    assert public["detailed_status"] == "published" and public["answer"]

    # Statistics: the province's coordinator may, an agency officer may not, a bad date is refused.
    walk.call("GET", "/api/v1/staff/statistics", 200, token=coordinator)
    walk.call("GET", "/api/v1/staff/statistics", 403, token=officer)
    walk.call("GET", "/api/v1/staff/statistics", 401)
    walk.call("GET", "/api/v1/staff/statistics", 422, token=coordinator, params={"tu": "2026-13-45"})

    # Every documented operation was called and answered its documented success at least once.
    for template, item in walk.document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            successes = {int(status) for status in operation["responses"] if status.startswith("2")}
            seen = walk.answered.get((method, template), set())
            assert seen & successes, f"{method.upper()} {template}: documented {sorted(successes)}, answered {sorted(seen)}"
