from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsweave.web.security import CONTENT_SECURITY_POLICY, HEADERS, SecurityHeaders


def test_the_policy_allows_no_script_and_nothing_from_other_hosts():
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "script-src" not in CONTENT_SECURITY_POLICY
    assert (
        "style-src 'self'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    )


def test_the_middleware_sets_every_header_also_on_errors():
    app = FastAPI()
    app.add_middleware(SecurityHeaders)

    @app.get("/ok")
    def ok() -> dict:
        return {}

    client = TestClient(app)
    for path in ("/ok", "/missing"):
        response = client.get(path)
        assert {name: response.headers[name] for name in HEADERS} == HEADERS
