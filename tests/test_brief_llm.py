"""The summary client against a local server that speaks the OpenAI chat-completions protocol."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from newsweave.brief.llm import Endpoint, SummaryError, check, summarise
from newsweave.brief.model import Brief, Cited, Fact

REPLY = ("Twelve people died when the storm hit Brest on Monday [F1]. Schools in the town closed [F2]. "
         "The storm caused 40 million euros of damage.")


class ChatServer(BaseHTTPRequestHandler):
    """Answers POST /v1/chat/completions with ``REPLY`` and keeps the request it got."""

    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ChatServer.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        answer = json.dumps({"choices": [{"index": 0, "message": {"role": "assistant", "content": REPLY}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ChatServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def brief() -> Brief:
    return Brief("s1", "Storm hits Brest", Cited("The storm killed 12 people in Brest on Monday.", (1, 2)),
                 facts=[Fact("All schools in the town of Brest were closed.", "corroborated", (1, 3), 2)])


def test_supported_sentences_are_kept_with_citations_and_the_rest_left_out(server):
    ChatServer.requests.clear()
    result = summarise(brief(), Endpoint(server, "tiny-model", api_key="secret"))
    request = ChatServer.requests[0]
    assert request["model"] == "tiny-model" and request["auth"] == "Bearer secret"
    assert "F1. The storm killed 12 people" in request["messages"][1]["content"]
    assert [(c.text, c.citations) for c in result.text] == [
        ("Twelve people died when the storm hit Brest on Monday.", (1, 2)),
        ("Schools in the town closed.", (1, 3))]
    assert result.unsupported == ["The storm caused 40 million euros of damage."]


def test_a_number_no_fact_states_is_unsupported():
    facts = [Cited("The storm killed 12 people in Brest on Monday.", (1,))]
    kept, dropped = check(["The storm killed 15 people in Brest on Monday."], facts)
    assert kept == [] and dropped == ["The storm killed 15 people in Brest on Monday."]


def test_an_unreachable_endpoint_is_one_clear_error(server):
    with pytest.raises(SummaryError, match="chat/completions"):
        summarise(brief(), Endpoint(server.replace("/v1", "/nothing"), "m"))


def test_the_story_command_asks_the_endpoint_and_fails_softly(server, tmp_path):
    from click.testing import CliRunner

    from newsweave.cli import main
    from support import EXAMPLES

    db = str(tmp_path / "news.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "-q", "ingest", str(EXAMPLES)]).exit_code == 0
    story = "b9a0560809b0ee3c"
    result = runner.invoke(main, ["--db", db, "story", story, "--llm-url", server, "--llm-model", "m"])
    assert result.exit_code == 0 and "Left out of the summary" in result.stdout
    assert "~~The storm caused 40 million euros of damage.~~" in result.stdout
    result = runner.invoke(main, ["--db", db, "story", story, "--llm-url", server + "/x", "--llm-model", "m"])
    assert result.exit_code == 1 and result.stderr.startswith("newsweave: no summary:")
    assert result.stdout.startswith("# Kim Jong Un Affirms Support")
    result = runner.invoke(main, ["--db", db, "story", story, "--llm-url", server])
    assert result.exit_code == 2 and "needs both --llm-url and --llm-model" in result.stderr


@pytest.mark.parametrize("sentence", [
    "The storm did not kill 12 people in Brest on Monday.",
    "The storm killed 12 people in Brest on Monday in 2019.",
    "The storm killed 12 cows in Brest on Monday.",
])
def test_contradictions_years_and_other_units_are_unsupported(sentence):
    facts = [Cited("The storm killed 12 people in Brest on Monday.", (1,))]
    assert check([sentence], facts) == ([], [sentence])


def test_answers_without_text_and_bad_urls_are_errors(server):
    with pytest.raises(SummaryError, match="http"):
        summarise(brief(), Endpoint("http://[::1", "m"))
    with pytest.raises(SummaryError, match="API key"):
        summarise(brief(), Endpoint(server, "m", api_key="clé"))
