"""The web application: every page in HTML, and the same data as JSON at the path plus ``.json``.

Read-only by default: it only reads the store, so it keeps serving while
``newsweave ingest`` writes (SQLite WAL).  An ingest endpoint exists only when
the app is given a token, and then only answers requests that carry it.
"""

import hmac
import json
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from newsweave.pipeline import ingest
from newsweave.store import SearchFilters, Store
from newsweave.version import __version__
from newsweave.web import views
from newsweave.web.security import HEADERS, SecurityHeaders
from newsweave.writer_lock import StoreBusy

MAX_INGEST_BYTES = 20 * 1024 * 1024
# Seconds a client is told to wait before posting again while another ingest writes.
BUSY_RETRY_AFTER_S = 5
# Neither the server's paths nor the holder's pid are the client's business.
BUSY_DETAIL = "the store is busy: another ingest or import is writing to it; retry later"
_ID = r"^[0-9a-f]{4,64}$"
_DATE = r"^(\d{4}-\d{2}-\d{2})?$"
_SNIPPET_SPLIT = re.compile("[\x02\x03]")


def _store(request: Request) -> Iterator[Store]:
    """The store, opened for one request: SQLite connections stay in their thread.

    Readings computed while an ingest writes are served without being cached, not after it.
    """
    opened = Store(request.app.state.db, wait_to_cache=False)
    try:
        yield opened
    finally:
        opened.close()


Opened = Annotated[Store, Depends(_store)]


def create_app(db: str | Path, ingest_token: str | None = None) -> FastAPI:
    """The app over the store at ``db``; ``ingest_token`` enables ``POST /ingest`` for its bearer."""
    # No Swagger or ReDoc pages: they load scripts from another host.  /openapi.json stays.
    app = FastAPI(title="newsweave", version=__version__, docs_url=None, redoc_url=None,
                  description="Stories, briefs, articles and search over a newsweave store.")
    app.state.db = str(db)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(Exception, _internal_error)
    folder = resources.files("newsweave.web")
    app.mount("/static", StaticFiles(directory=str(folder / "static")), name="static")
    templates = Jinja2Templates(directory=str(folder / "templates"))
    cache = views.BriefCache()
    app.state.order = views.StoryOrder()
    _json_routes(app, cache)
    _html_routes(app, cache, templates)
    if ingest_token:
        _ingest_route(app, db, ingest_token)
    return app


def _json_routes(app: FastAPI, cache: views.BriefCache) -> None:
    @app.get("/stories.json", summary="Stories, newest first", response_model=list[dict])
    def stories_json(request: Request, store: Opened, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                     offset: Annotated[int, Query(ge=0)] = 0) -> JSONResponse:
        return JSONResponse(views.stories(store, limit, offset, request.app.state.order))

    @app.get("/stories/{story_id}.json", summary="A story's brief (schema newsweave.brief/1)",
             response_model=dict)
    def story_json(store: Opened, story_id: Annotated[str, _id_path()]) -> JSONResponse:
        return JSONResponse(_found(views.story(cache, store, story_id, None, None))["brief"])

    @app.get("/articles/{article_id}.json", summary="An article as read")
    def article_json(store: Opened, article_id: Annotated[str, _id_path()]) -> dict:
        return _found(views.article(cache, store, article_id))["article"]

    @app.get("/search.json", summary="Full-text search with filters")
    def search_json(store: Opened, q: Annotated[str, Query(max_length=500)] = "",
                    filters: SearchFilters = Depends(_filters),  # noqa: B008 (FastAPI's way)
                    limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict]:
        return views.search(store, q, filters, limit)


def _html_routes(app: FastAPI, cache: views.BriefCache, templates: Jinja2Templates) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, store: Opened, limit: Annotated[int, Query(ge=1, le=500)] = 50,
             offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        context = {"stories": views.stories(store, limit, offset, request.app.state.order), "limit": limit,
                   "offset": offset}
        return templates.TemplateResponse(request, "stories.html", context)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, store: Opened, story_id: Annotated[str, _id_path()],
                   a: Annotated[str | None, Query(pattern=_ID)] = None,
                   b: Annotated[str | None, Query(pattern=_ID)] = None) -> HTMLResponse:
        page = _found(views.story(cache, store, story_id, a, b))
        return templates.TemplateResponse(request, "story.html", {"page": page})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, store: Opened, article_id: Annotated[str, _id_path()]) -> HTMLResponse:
        page = _found(views.article(cache, store, article_id))
        return templates.TemplateResponse(request, "article.html", {"page": page})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, store: Opened, q: Annotated[str, Query(max_length=500)] = "",
                    filters: SearchFilters = Depends(_filters)) -> HTMLResponse:  # noqa: B008
        found = views.search(store, q, filters, 50)
        hits = [{**hit, "parts": _SNIPPET_SPLIT.split(hit["snippet"])} for hit in found]
        return templates.TemplateResponse(request, "search.html",
                                          {"hits": hits, "query": q, "filters": filters})


def _ingest_route(app: FastAPI, db: str | Path, token: str) -> None:
    @app.post("/ingest", summary="Store articles (a JSON Lines body); needs the bearer token")
    async def ingest_endpoint(request: Request) -> JSONResponse:
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise HTTPException(401, "a valid bearer token is needed", {"WWW-Authenticate": "Bearer"})
        body = await _bounded_body(request)
        if not _is_json_lines(body):
            raise HTTPException(422, "the body must be JSON Lines: one JSON object per line")
        try:
            new, known, failures = await run_in_threadpool(_ingest_body, db, body)
        except StoreBusy:
            raise HTTPException(409, BUSY_DETAIL, {"Retry-After": str(BUSY_RETRY_AFTER_S)}) from None
        return JSONResponse({"new": new, "known": known, "failed": len(failures), "errors": failures[:20]},
                            status_code=422 if failures else 200)


async def _bounded_body(request: Request) -> bytes:
    """The request body, refused (413) as soon as it is known to pass ``MAX_INGEST_BYTES``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_INGEST_BYTES:
        raise HTTPException(413, f"the body is over {MAX_INGEST_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_INGEST_BYTES:
            raise HTTPException(413, f"the body is over {MAX_INGEST_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _is_json_lines(body: bytes) -> bool:
    first = next((line for line in body.splitlines() if line.strip()), b"")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _ingest_body(db: str | Path, body: bytes) -> tuple[int, int, list[str]]:
    """Store a posted JSON Lines body (in a worker thread: ingest blocks)."""
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "posted.jsonl"
        path.write_bytes(body)
        with Store(db) as store:
            summary = ingest(store, [str(path)], on_failure=lambda failed: failures.append(failed.reason))
    return summary.new, summary.known, failures


def _id_path() -> Any:
    from fastapi import Path as PathParam

    return PathParam(pattern=_ID, description="An id or a unique prefix of at least 4 characters.")


def _filters(since: Annotated[str | None, Query(pattern=_DATE)] = None,
             until: Annotated[str | None, Query(pattern=_DATE)] = None,
             source: Annotated[str | None, Query(max_length=200)] = None,
             language: Annotated[str | None, Query(pattern=r"^([a-z]{2,3})?$")] = None) -> SearchFilters:
    """The search filters; a form's empty fields mean no filter, and dates must be real days."""
    for value in (since, until):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise HTTPException(422, f"{value!r} is not a date (YYYY-MM-DD)") from None
    return SearchFilters(since or None, until or None, source or None, language or None)


async def _internal_error(_request: Request, _error: Exception) -> JSONResponse:
    """A 500 without details, and with the security headers the middleware cannot add to it."""
    return JSONResponse({"detail": "internal error"}, status_code=500, headers=HEADERS)


def _found(page: dict | None) -> dict:
    if page is None:
        raise HTTPException(404, "not found")
    return page
