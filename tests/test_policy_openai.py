"""The OpenAI-compatible backend against a stub server on 127.0.0.1, and the scripted fake backend in text mode."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from refine_agents.backends import BackendError, SamplingParams, TokensNotSupportedError
from refine_agents.openai_backend import OpenAIBackend
from refine_agents.policy import LLMPolicy, make_policy
from refine_agents.testing import ScriptedBackend, ScriptedTurn, UnexpectedConversation

SYSTEM = "Solve the task."


class Stub:
    """What the stub server does and saw: a queue of (status, delay) faults, then normal answers."""

    def __init__(self) -> None:
        self.faults: List[Tuple[int, float]] = []
        self.requests: List[Dict[str, Any]] = []
        self.delay = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()


def _handler(stub: Stub) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _reply(self, status: int, payload: Dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def do_GET(self) -> None:
            stub.requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
            self._reply(200, {"object": "list", "data": [{"id": "served-model", "object": "model"}]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            with stub.lock:
                stub.requests.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body})
                fault = stub.faults.pop(0) if stub.faults else (200, stub.delay)
                stub.in_flight += 1
                stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
            try:
                time.sleep(fault[1])
                if fault[0] != 200:
                    self._reply(fault[0], {"error": {"message": f"stub fault {fault[0]}"}})
                    return
                last = body["messages"][-1]["content"]
                self._reply(200, {"choices": [{"index": 0, "finish_reason": "stop",
                                               "message": {"role": "assistant", "content": f"echo: {last}"}}]})
            finally:
                with stub.lock:
                    stub.in_flight -= 1

    return Handler


@pytest.fixture
def server() -> Iterator[Tuple[str, Stub]]:
    stub = Stub()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", stub
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _backend(url: str, **kwargs: Any) -> OpenAIBackend:
    defaults: Dict[str, Any] = {"model": "m", "timeout_s": 5.0, "max_retries": 2, "backoff_s": 0.01, "max_backoff_s": 0.05}
    defaults.update(kwargs)
    return OpenAIBackend(url, **defaults)


def test_policy_over_openai_backend_keeps_histories(server: Tuple[str, Stub]) -> None:
    url, stub = server
    with _backend(url) as backend:
        policy = LLMPolicy(backend, system_prompt=SYSTEM, sampling=SamplingParams(temperature=0.5, max_new_tokens=32))
        policy.reset(2, seed=3)
        assert policy.act(["task a", "task b"]) == ["echo: task a", "echo: task b"]
        assert policy.act(["fb a", None], active=[True, False]) == ["echo: fb a", None]
    bodies = sorted((r["body"] for r in stub.requests), key=lambda b: len(b["messages"]))
    assert bodies[-1]["messages"] == [
        {"role": "system", "content": SYSTEM}, {"role": "user", "content": "task a"},
        {"role": "assistant", "content": "echo: task a"}, {"role": "user", "content": "fb a"},
    ]
    assert {(b["model"], b["temperature"], b["max_tokens"], b["top_p"]) for b in bodies} == {("m", 0.5, 32, 1.0)}
    assert all(isinstance(b["seed"], int) for b in bodies)
    assert all(r["path"] == "/v1/chat/completions" for r in stub.requests)


def test_retries_after_a_500(server: Tuple[str, Stub]) -> None:
    url, stub = server
    stub.faults = [(500, 0.0), (503, 0.0)]
    with _backend(url) as backend:
        (reply,) = backend.chat([[{"role": "user", "content": "hi"}]], sampling=SamplingParams())
    assert reply.text == "echo: hi" and len(stub.requests) == 3


def test_retries_after_a_timeout(server: Tuple[str, Stub]) -> None:
    url, stub = server
    stub.faults = [(200, 1.0)]
    start = time.monotonic()
    with _backend(url, timeout_s=0.3) as backend:
        (reply,) = backend.chat([[{"role": "user", "content": "slow"}]], sampling=SamplingParams())
    assert reply.text == "echo: slow" and len(stub.requests) == 2
    assert time.monotonic() - start < 1.0  # the client gave up on the slow answer, it did not wait for it


def test_gives_up_after_max_retries_and_never_retries_a_400(server: Tuple[str, Stub]) -> None:
    url, stub = server
    stub.faults = [(429, 0.0)] * 3
    with _backend(url, max_retries=2) as backend:
        with pytest.raises(BackendError, match="failed after 3 attempts; last error: HTTP 429"):
            backend.chat([[{"role": "user", "content": "x"}]], sampling=SamplingParams())
    assert len(stub.requests) == 3
    stub.faults = [(400, 0.0)]
    with _backend(url) as backend:
        with pytest.raises(BackendError, match="failed with HTTP 400: .*stub fault 400"):
            backend.chat([[{"role": "user", "content": "x"}]], sampling=SamplingParams())
    assert len(stub.requests) == 4


def test_a_closed_port_fails_in_one_line_without_waiting_for_timeouts() -> None:
    import re
    import socket

    from refine_agents.openai_backend import BackendUnreachableError

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with _backend(f"http://127.0.0.1:{port}/v1", max_retries=1) as backend:
        with pytest.raises(BackendUnreachableError) as caught:
            backend.chat([[{"role": "user", "content": "x"}]], sampling=SamplingParams())
    assert re.fullmatch(
        rf"cannot reach http://127\.0\.0\.1:{port}/v1 \(cannot connect: \[Errno 111\] Connection refused; 2 attempts "
        r"over \d+\.\d s\): is the server running, and is openai:URL its address \(e\.g\. http://127\.0\.0\.1:8000/v1\)\?",
        str(caught.value)), str(caught.value)
    assert isinstance(caught.value, ConnectionError)  # the CLI prints it as a one-line error


def test_concurrency_is_limited(server: Tuple[str, Stub]) -> None:
    url, stub = server
    stub.delay = 0.15
    with _backend(url, concurrency=2) as backend:
        replies = backend.chat([[{"role": "user", "content": str(i)}] for i in range(6)], sampling=SamplingParams())
    assert [r.text for r in replies] == [f"echo: {i}" for i in range(6)]
    assert stub.max_in_flight == 2


def test_api_key_comes_from_the_environment(server: Tuple[str, Stub], monkeypatch: pytest.MonkeyPatch) -> None:
    url, stub = server
    monkeypatch.setenv("REFINE_TEST_KEY", "sekrit")
    with _backend(url, api_key_env="REFINE_TEST_KEY") as backend:
        backend.chat([[{"role": "user", "content": "x"}]], sampling=SamplingParams())
    monkeypatch.delenv("REFINE_TEST_KEY")
    with _backend(url, api_key_env="REFINE_TEST_KEY") as backend:
        backend.chat([[{"role": "user", "content": "y"}]], sampling=SamplingParams())
    assert stub.requests[0]["headers"].get("Authorization") == "Bearer sekrit"
    assert "Authorization" not in stub.requests[1]["headers"]


def test_model_is_asked_of_the_server_when_not_given(server: Tuple[str, Stub]) -> None:
    url, stub = server
    policy = make_policy(f"openai:{url}", system_prompt=SYSTEM)
    policy.reset(1)
    policy.act(["task"])
    assert [r["method"] for r in stub.requests] == ["GET", "POST"]
    assert stub.requests[1]["body"]["model"] == "served-model"
    assert make_policy(f"openai:{url}#named").backend.model == "named"  # type: ignore[attr-defined]


def test_text_backend_refuses_token_requests(server: Tuple[str, Stub]) -> None:
    url, _ = server
    backend = _backend(url)
    with pytest.raises(TokensNotSupportedError, match="Expected a token backend \\(hf:PATH or vllm:PATH\\) for token ids"):
        backend.generate([[1, 2]], sampling=SamplingParams(), stop_token_ids=[0])
    policy = LLMPolicy(backend, system_prompt=SYSTEM)
    policy.reset(1)
    policy.act(["task"])
    assert policy.episode(0).turns[0].action == "echo: task"
    with pytest.raises(TokensNotSupportedError, match="got the text-only 'openai' backend"):
        _ = policy.episode(0).token_ids
    with pytest.raises(ValueError, match="Expected no chat_template_kwargs with a text backend"):
        LLMPolicy(backend, chat_template_kwargs={"enable_thinking": False})


def test_openai_backend_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="Expected base_url to be an http\\(s\\) URL such as 'http://127.0.0.1:8000/v1', got 'localhost:8000'"):
        OpenAIBackend("localhost:8000")
    with pytest.raises(ValueError, match="Expected concurrency to be a positive int, got 0"):
        OpenAIBackend("http://127.0.0.1:1/v1", concurrency=0)
    with pytest.raises(ValueError, match="Expected timeout_s to be a positive number, got 0"):
        OpenAIBackend("http://127.0.0.1:1/v1", timeout_s=0)


# -- the scripted fake, text mode --------------------------------------------------------------


def _conv(*pairs: str) -> Tuple[Tuple[str, str], ...]:
    roles = ["system"] + ["user", "assistant"] * len(pairs)
    return tuple(zip(roles, (SYSTEM,) + pairs))


def test_scripted_backend_answers_by_exact_conversation() -> None:
    script = ScriptedBackend([
        ScriptedTurn(_conv("task b"), "draft b"),
        ScriptedTurn(_conv("task a"), "draft a"),
        ScriptedTurn(_conv("task a", "draft a", "fb a"), "fixed a"),
    ])
    policy = LLMPolicy(script, system_prompt=SYSTEM)
    policy.reset(2)
    assert policy.act(["task a", "task b"]) == ["draft a", "draft b"]
    assert policy.act(["fb a", None], active=[True, False]) == ["fixed a", None]
    script.assert_done()
    assert script.calls == [_conv("task a"), _conv("task b"), _conv("task a", "draft a", "fb a")]


def test_scripted_backend_raises_on_the_unexpected() -> None:
    script = ScriptedBackend([ScriptedTurn(_conv("task"), "draft"), ScriptedTurn(_conv("task", "draft", "fb"), "fix")],
                             ordered=True)
    policy = LLMPolicy(script, system_prompt=SYSTEM)
    policy.reset(1)
    policy.act(["task"])
    with pytest.raises(UnexpectedConversation, match="(?s)Expected one of the 1 scripted conversations, got another.*-.*\"fb\"\n.*\\+.*\"other feedback\""):
        policy.act(["other feedback"])
    with pytest.raises(UnexpectedConversation, match="Expected every scripted turn to be asked for, got 1 never asked: turns \\[1\\]"):
        script.assert_done()
    done = ScriptedBackend([])
    with pytest.raises(UnexpectedConversation, match="Expected no more model calls \\(all 0 scripted turns answered\\)"):
        done.chat([[{"role": "user", "content": "x"}]], sampling=SamplingParams())
    with pytest.raises(TokensNotSupportedError):
        done.generate([[1]], sampling=SamplingParams(), stop_token_ids=[0])


def test_scripted_backend_ordered_mode_enforces_turn_order() -> None:
    script = ScriptedBackend([ScriptedTurn(_conv("first"), "1"), ScriptedTurn(_conv("second"), "2")], ordered=True)
    policy = LLMPolicy(script, system_prompt=SYSTEM)
    policy.reset(1)
    with pytest.raises(UnexpectedConversation):
        policy.act(["second"])

