"""Shared settings of the Open311 client suite: the server started by scripts/with-server."""
import os

import pytest


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run this suite through scripts/interop-test", returncode=2)
    return value


@pytest.fixture(scope="session")
def base_url():
    """The Open311 endpoint, e.g. http://127.0.0.1:PORT/open311/v2."""
    return _required("PAKN_BASE_URL").rstrip("/") + "/open311/v2"


@pytest.fixture(scope="session")
def jurisdiction():
    return os.environ.get("PAKN_JURISDICTION_ID", "gialai.gov.vn")


@pytest.fixture(scope="session")
def api_key():
    return _required("PAKN_OPEN311_API_KEY")
