"""The web app through its HTTP interface (httpx, in process)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.pipeline import ingest
from newsweave.store import Store
from newsweave.web import create_app
from newsweave.web.security import HEADERS
from support import EXAMPLES

STORY = "b9a0560809b0ee3c"
ARTICLE_B = "a60d949cc65651d6"
HOSTILE = (
    '{"title": "<script>alert(1)</script> Storm", "url": "javascript:alert(2)", '
    '"maintext": "The storm <img src=x onerror=alert(3)> closed the <b>schools</b> in Brest on Monday, '
    'officials said. \\"It was terrible,\\" the mayor said. <a href=\\"javascript:alert(4)\\">x</a>", '
    '"date_publish": "2024-03-04", "source_domain": "evil.example", "language": "en"}\n'
)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("web")
    (folder / "hostile.jsonl").write_text(HOSTILE, encoding="utf-8")
    path = str(folder / "news.db")
    with Store(path) as store:
        ingest(store, [str(EXAMPLES), str(folder / "hostile.jsonl")])
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def test_stories_json_lists_stories_newest_first_with_the_documented_fields(client):
    stories = client.get("/stories.json").json()
    assert {"id", "headline", "article_count", "source_count", "first_seen", "last_seen"} <= set(stories[0])
    assert stories[0]["id"] == STORY and len(stories) == 2
    assert client.get("/stories.json?limit=1&offset=1").json()[0]["id"] != STORY


def test_every_page_has_a_json_twin(client):
    brief = client.get(f"/stories/{STORY}.json").json()
    assert brief["schema"] == "newsweave.brief/1" and len(brief["facts"]) == 4
    article = client.get(f"/articles/{ARTICLE_B}.json").json()
    assert article["id"] == ARTICLE_B and {"entities", "quotes", "claims"} <= set(article)
    hits = client.get("/search.json", params={"q": "Pyongyang"}).json()
    assert {hit["id"] for hit in hits} >= {ARTICLE_B}
    assert client.get("/search.json", params={"q": "Pyongyang", "since": "2030-01-01"}).json() == []
    assert client.get("/search.json", params={"q": "Pyongyang", "source": "nowhere"}).json() == []


def test_pages_render_the_brief_matrix_comparison_and_marked_article(client):
    home = client.get("/").text
    assert f'href="/stories/{STORY}"' in home and '<svg class="chart"' in home and "<rect" in home
    story = client.get(f"/stories/{STORY}").text
    assert (
        '<a href="#source-1">[1]</a>' in story
        and 'class="matrix"' in story
        and "Compare two sources" in story
    )
    compared = client.get(f"/stories/{STORY}", params={"a": "0ce937dbaf2b99d6", "b": ARTICLE_B}).text
    assert 'id="comparison"' in compared and 'class="both"' in compared and 'class="only"' in compared
    article = client.get(f"/articles/{ARTICLE_B}").text
    assert '<mark class="entity-person">Kim Jong Un</mark>' in article and '<q class="quote">' in article


def test_openapi_documents_the_json_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/stories.json",
        "/stories/{story_id}.json",
        "/articles/{article_id}.json",
        "/search.json",
    } <= set(paths)
    assert client.get("/docs").status_code == 404


def test_security_headers_on_every_response(client):
    for path in ("/", "/stories.json", "/static/style.css", "/nowhere"):
        response = client.get(path)
        assert all(response.headers[name] == value for name, value in HEADERS.items()), path
    assert (
        "script-src" not in HEADERS["Content-Security-Policy"]
        and "default-src 'none'" in HEADERS["Content-Security-Policy"]
    )


def test_hostile_article_text_is_escaped_everywhere(client):
    story = next(s for s in client.get("/stories.json").json() if s["id"] != STORY)
    for path in ("/", f"/stories/{story['id']}", "/search?q=storm"):
        page = client.get(path).text
        assert "<script>" not in page and "<img" not in page and "<b>" not in page, path
        assert "javascript:" not in page.replace("javascript:alert(4)&#34;", ""), path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/").text


def test_bad_input_is_refused_and_unknown_ids_are_404(client):
    assert client.get("/stories/ffffffffffff").status_code == 404
    assert client.get("/stories/<script>").status_code in (404, 422)
    assert client.get("/search.json", params={"q": "x", "since": "yesterday"}).status_code == 422
    assert client.get("/stories.json", params={"limit": 100000}).status_code == 422


def test_read_only_by_default_and_ingest_needs_the_token(db, tmp_path):
    assert TestClient(create_app(db)).post("/ingest", content=b"{}").status_code in (404, 405)
    client = TestClient(create_app(db, ingest_token="s3cret"))
    record = (
        json.dumps(
            {
                "title": "Bridge reopens",
                "maintext": "The old bridge in Nantes reopened on Friday "
                "after two years of repairs, the city said.",
                "date_publish": "2024-05-03",
                "source_domain": "city.example",
            }
        )
        + "\n"
    )
    assert client.post("/ingest", content=record.encode()).status_code == 401
    assert (
        client.post("/ingest", content=record.encode(), headers={"Authorization": "Bearer wrong"}).status_code
        == 401
    )
    response = client.post("/ingest", content=record.encode(), headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200 and response.json()["new"] == 1
    assert any(s["headline"] == "Bridge reopens" for s in client.get("/stories.json").json())


def test_the_search_form_with_empty_fields_works_and_bad_dates_are_422(client):
    response = client.get(
        "/search", params={"q": "Pyongyang", "since": "", "until": "", "source": "", "language": ""}
    )
    assert response.status_code == 200 and "/articles/" in response.text
    assert client.get("/search.json", params={"q": "x", "since": "2024-13-45"}).status_code == 422


def test_an_internal_error_is_a_plain_500_with_the_security_headers(db, monkeypatch):
    from newsweave.web import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom /secret/path")

    monkeypatch.setattr(views, "search", broken)
    response = TestClient(create_app(db), raise_server_exceptions=False).get(
        "/search.json", params={"q": "x"}
    )
    assert response.status_code == 500 and response.json() == {"detail": "internal error"}
    assert all(response.headers[name] == value for name, value in HEADERS.items())


def test_ingest_refuses_bodies_that_are_not_json_lines_or_too_large(db, monkeypatch):
    import newsweave.web.app as web_app

    client = TestClient(create_app(db, ingest_token="s3cret"))
    auth = {"Authorization": "Bearer s3cret"}
    assert client.post("/ingest", content=b"not json\n", headers=auth).status_code == 422
    monkeypatch.setattr(web_app, "MAX_INGEST_BYTES", 10)
    assert (
        client.post("/ingest", content=b'{"maintext": "' + b"x" * 50 + b'"}\n', headers=auth).status_code
        == 413
    )


def test_ingest_while_another_ingest_writes_is_409_with_retry_after(db):
    from newsweave.web.app import BUSY_DETAIL
    from newsweave.writer_lock import writer_lock

    client = TestClient(create_app(db, ingest_token="s3cret"))
    record = b'{"title": "Ferry strike", "maintext": "Ferry crews in Calais struck on Monday, union said."}\n'

    with writer_lock(db):
        response = client.post("/ingest", content=record, headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 409 and response.json()["detail"] == BUSY_DETAIL
    assert db not in response.text
    assert response.headers["retry-after"] == "5"
    assert client.get("/search.json", params={"q": "Calais"}).json() == []


API_PATHS = ("/search.json?q={}", "/search?q={}", "/search.json?q=a&source={}",
             "/search.json?q=a&language={}", "/search.json?q=a&since={}", "/stories.json?limit={}",
             "/stories.json?offset={}",
             "/stories/b9a0560809b0ee3c?a={}", "/stories/{}", "/articles/{}.json", "/stories/{}.json")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(API_PATHS), raw=st.binary(max_size=700))
def test_any_bytes_in_any_parameter_is_an_answer_never_a_500(client, path, raw):
    """FTS5 syntax, invalid UTF-8, NULs, huge numbers: each is 200, 404 or 422."""
    response = client.get(path.format(quote(raw, safe="")))
    assert response.status_code in (200, 404, 422), (path, raw, response.text[:200])
