"""``newsweave serve``: the web UI and JSON API over the store."""

from __future__ import annotations

import os

import click

from newsweave.cli_common import Context, fail

TOKEN_ENV = "NEWSWEAVE_INGEST_TOKEN"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def serve_command(obj: Context, host: str, port: int) -> None:
    """Serve the store as a web application with a JSON API (read-only).

    Pages: / (stories), /stories/ID, /articles/ID, /search?q=; add .json to a path for its
    data; /openapi.json documents the API.  With $NEWSWEAVE_INGEST_TOKEN set, POST /ingest
    stores JSON Lines sent with that bearer token.
    """
    try:
        import uvicorn

        from newsweave.web import create_app
    except ImportError:
        fail("serving needs the web extra: pip install 'newsweave[web]'")
    with obj.store():
        pass
    app = create_app(obj.db, os.environ.get(TOKEN_ENV) or None)
    if not obj.quiet:
        click.echo(f"serving {obj.db} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if obj.quiet else "info")
