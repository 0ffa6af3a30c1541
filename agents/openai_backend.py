"""OpenAI-compatible chat-completions backend over httpx: retries, timeouts, a concurrency limit, kept-alive connections."""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Mapping, Optional, Sequence

import httpx

from .backends import Backend, BackendError, SamplingParams, TextGeneration

__all__ = ["OpenAIBackend", "BackendUnreachableError"]

logger = logging.getLogger(__name__)

_RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


class BackendUnreachableError(BackendError, ConnectionError):
    """No attempt reached the server: nothing listens there, or the host is unknown."""


class OpenAIBackend(Backend):
    """Chat completions from any OpenAI-compatible server (``vllm serve``, hosted providers).

    Text in, text out: the server applies its own chat template, so there are no token ids,
    masks or logprobs to train on (:meth:`generate` raises and says so). ``base_url`` ends where
    the API's paths start, e.g. ``http://127.0.0.1:8000/v1``. The API key comes from the
    environment variable ``api_key_env`` (none sent when unset: local servers need none).
    Requests that fail with 408/409/429/5xx, a timeout or a refused connection are retried with
    exponential backoff and jitter (a ``Retry-After`` header is honoured); other HTTP errors raise
    at once. At most ``concurrency`` requests are in flight, over as many kept-alive connections
    (httpx's pool: one TCP and TLS handshake per connection, not per request). ``connect_timeout_s``
    bounds connecting alone, so a wrong host or port fails in seconds, not after ``timeout_s``.
    """

    name = "openai"
    supports_tokens = False

    def __init__(
        self,
        base_url: str,
        *,
        model: Optional[str] = None,
        api_key_env: str = "OPENAI_API_KEY",
        timeout_s: float = 120.0,
        connect_timeout_s: float = 10.0,
        max_retries: int = 4,
        backoff_s: float = 0.5,
        max_backoff_s: float = 16.0,
        concurrency: int = 8,
        extra_body: Optional[Mapping[str, Any]] = None,
        seed: int = 0,
    ) -> None:
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ValueError(f"Expected base_url to be an http(s) URL such as 'http://127.0.0.1:8000/v1', got {base_url!r}")
        if not isinstance(timeout_s, (int, float)) or timeout_s <= 0:
            raise ValueError(f"Expected timeout_s to be a positive number, got {timeout_s!r}")
        if not isinstance(connect_timeout_s, (int, float)) or connect_timeout_s <= 0:
            raise ValueError(f"Expected connect_timeout_s to be a positive number, got {connect_timeout_s!r}")
        if not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"Expected max_retries to be an int >= 0, got {max_retries!r}")
        if not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"Expected concurrency to be a positive int, got {concurrency!r}")
        if backoff_s < 0 or max_backoff_s < backoff_s:
            raise ValueError(f"Expected 0 <= backoff_s <= max_backoff_s, got {backoff_s!r} and {max_backoff_s!r}")
        self.base_url = base_url.rstrip("/")
        self.api_key_env = api_key_env
        self.timeout_s = float(timeout_s)
        self.connect_timeout_s = float(min(connect_timeout_s, timeout_s))
        self.max_retries = max_retries
        self.backoff_s = float(backoff_s)
        self.max_backoff_s = float(max_backoff_s)
        self.concurrency = concurrency
        self.extra_body: Dict[str, Any] = dict(extra_body or {})
        self._model = model
        # Jitter only: its own generator, seeded, so retries never touch global random state.
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self._pool: Optional[ThreadPoolExecutor] = None
        self._http: Optional[httpx.Client] = None
        self._http_lock = threading.Lock()

    # -- HTTP ---------------------------------------------------------------------------------

    def _headers(self) -> Dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _delay(self, attempt: int, retry_after: Optional[str]) -> float:
        if retry_after:
            try:
                return min(self.max_backoff_s, max(0.0, float(retry_after)))
            except ValueError:
                pass
        with self._rng_lock:
            jitter = self._rng.uniform(0.5, 1.0)
        return min(self.max_backoff_s, self.backoff_s * (2 ** attempt)) * jitter

    def _client(self) -> httpx.Client:
        with self._http_lock:
            if self._http is None:
                # One pool shared by the worker threads (httpx clients are thread-safe).
                self._http = httpx.Client(
                    timeout=httpx.Timeout(self.timeout_s, connect=self.connect_timeout_s),
                    limits=httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency),
                )
            return self._http

    def _request(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        """One API call with retries; returns the decoded JSON answer."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        data = json.dumps(body).encode("utf-8") if body is not None else None
        last = ""
        reached = False
        start = time.monotonic()
        for attempt in range(self.max_retries + 1):
            retry_after: Optional[str] = None
            try:
                response = self._client().request(method, url, content=data, headers=self._headers())
            except httpx.ConnectTimeout:
                last = f"connecting timed out after {self.connect_timeout_s:g} s"
            except httpx.TimeoutException:
                reached = True
                last = f"timed out after {self.timeout_s:g} s"
            except httpx.ConnectError as exc:
                last = f"cannot connect: {exc}"
            except httpx.TransportError as exc:
                reached = True
                last = f"{type(exc).__name__}: {exc}"
            else:
                reached = True
                if response.status_code < 400:
                    try:
                        return response.json()
                    except ValueError:
                        raise BackendError(f"Expected JSON from {method} {url}, got {response.text[:200]!r}") from None
                detail = response.text[:500]
                if response.status_code not in _RETRY_STATUS:
                    raise BackendError(f"{method} {url} failed with HTTP {response.status_code}: {detail}")
                retry_after = response.headers.get("Retry-After")
                last = f"HTTP {response.status_code}: {detail}"
            if attempt < self.max_retries:
                delay = self._delay(attempt, retry_after)
                logger.warning("%s %s: %s; retry %d/%d in %.2f s", method, url, last, attempt + 1, self.max_retries, delay)
                time.sleep(delay)
        attempts = self.max_retries + 1
        if not reached:
            raise BackendUnreachableError(
                f"cannot reach {self.base_url} ({last}; {attempts} attempts over {time.monotonic() - start:.1f} s): "
                "is the server running, and is openai:URL its address (e.g. http://127.0.0.1:8000/v1)?"
            )
        raise BackendError(f"{method} {url} failed after {attempts} attempts; last error: {last}")

    @property
    def model(self) -> str:
        """The model name sent with each request; asked of the server (``GET /models``) when not given."""
        if self._model is None:
            listing = self._request("GET", "models")
            data = listing.get("data") if isinstance(listing, dict) else None
            if not data:
                raise BackendError(f"Expected {self.base_url}/models to list a model, got {str(listing)[:200]}")
            self._model = str(data[0]["id"])
        return self._model

    # -- chat ---------------------------------------------------------------------------------

    def _one(self, messages: Sequence[Mapping[str, str]], sampling: SamplingParams, seed: Optional[int]) -> TextGeneration:
        body: Dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_new_tokens,
        }
        if seed is not None:
            body["seed"] = seed
        if sampling.stop:
            body["stop"] = list(sampling.stop)
        if sampling.top_k:
            # Not in OpenAI's API; vLLM and most local servers read it.
            body["top_k"] = sampling.top_k
        body.update(self.extra_body)
        answer = self._request("POST", "chat/completions", body)
        try:
            choice = answer["choices"][0]
            text = choice["message"].get("content") or ""
            reason = choice.get("finish_reason") or "stop"
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise BackendError(f"Expected a chat completion with choices[0].message, got {str(answer)[:300]}") from exc
        return TextGeneration(text, "length" if reason == "length" else "stop")

    def chat(self, conversations: Sequence[Sequence[Mapping[str, str]]], *,
             sampling: SamplingParams) -> List[TextGeneration]:
        if not isinstance(sampling, SamplingParams):
            raise TypeError(f"Expected sampling to be a SamplingParams, got {type(sampling).__name__}")
        convs = list(conversations)
        if not convs:
            return []
        model = self.model  # resolved once here, before the threads race to ask for it
        logger.debug("chat with %s: %d conversations", model, len(convs))
        seeds = [None if sampling.seed is None else sampling.seed + i for i in range(len(convs))]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="openai-backend")
        return list(self._pool.map(lambda args: self._one(*args), zip(convs, [sampling] * len(convs), seeds)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        with self._http_lock:
            if self._http is not None:
                self._http.close()
                self._http = None
