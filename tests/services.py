"""A local HTTP server that speaks the protocols deep-translator uses, for tests only.

Each online engine is pointed at it with ``url``; the server answers as the real service does
(Google's mobile page, DeepL's v2 API, LibreTranslate, Microsoft Translator v3, MyMemory), and a
script of failures (``429``, ``500``, ``slow``, ``403``, ``truncated``, ``hold``) lets a test
decide what happens to each request in turn; ``redirect`` turns it into a redirect loop.
"""

from __future__ import annotations

import datetime
import email.utils
import html
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GOOD_KEY = "good-key"


def fake_translation(text: str, target: str) -> str:
    """What the fake services answer: the text, tagged with the target language."""
    return f"[{target}] {text}"


@dataclass
class Service:
    """The server's state: requests seen and the failures still to play."""

    script: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    slow_seconds: float = 1.0
    #: A pause before every translation, to let a test interrupt a run halfway.
    delay: float = 0.0
    #: Requests scripted ``hold`` wait for this (at most 30 s): a test kills the client meanwhile.
    release: threading.Event = field(default_factory=threading.Event)
    #: Answer every translation request with a redirect to itself.
    redirect: bool = False
    #: Requests scripted ``trickle`` get their answer a byte at a time, this far apart.
    trickle_seconds: float = 0.05
    #: Set when the server stops: a trickling answer stops with it.
    closed: threading.Event = field(default_factory=threading.Event)
    #: LibreTranslate's list of languages answers this error (0: it answers).
    languages_error: int = 0
    #: LibreTranslate started without --api-keys: it asks for none (and takes a request
    #: without one).
    keyless: bool = False

    def next_behaviour(self) -> str:
        return self.script.pop(0) if self.script else "ok"


class _Handler(BaseHTTPRequestHandler):
    service: Service

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.service.requests.append((method, parts.path, query))
        if parts.path == "/languages" and self.service.languages_error:
            if "api-version" in query:  # Microsoft's errors
                said = {"error": {"code": 401000, "message": "Access denied"}}
                self._json(self.service.languages_error, said)
            else:
                self._json(self.service.languages_error, {"error": "failure"})
            return
        if parts.path == "/languages" and "api-version" in query:  # Microsoft lists its own
            names = {"en": "English", "fr": "French", "de": "German", "sr-Latn": "Serbian (Latin)"}
            self._json(200, {"translation": {code: {"name": name} for code, name in names.items()}})
            return
        if parts.path == "/languages":  # a self-hosted LibreTranslate, with its models' languages
            codes = ["en", "fr", "es", "de", "it", "ru", "ar", "uk", "fa", "he"]
            listed = [
                {"code": c, "name": c, "targets": [t for t in codes if t != c]} for c in codes
            ]
            self._json(200, listed)
            return
        if self.service.redirect:
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        behaviour = self.service.next_behaviour()
        time.sleep(self.service.delay)
        if behaviour == "slow":
            time.sleep(self.service.slow_seconds)
        if behaviour == "hold":
            self.service.release.wait(30)
        if behaviour == "trickle":  # every byte in time for a read timeout, the whole never
            answer = json.dumps({"translatedText": "[fr] " + "x" * 200}).encode()
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(answer)}\r\n\r\n"
            )
            for byte in head.encode() + answer:
                if self.service.closed.wait(self.service.trickle_seconds):
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return
            return
        if behaviour == "truncated":  # the connection closes halfway through the body
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"translatedText": "[fr')
            return
        # A key refused, DeepL's quota, a wait (in seconds, or till a moment).
        if behaviour in ("401", "456", "429-wait", "429-date"):
            status = int(behaviour[:3])
            self.send_response(status)
            answer = json.dumps({"message": "failure"}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            if behaviour == "429-wait":
                self.send_header("Retry-After", "2")
            if behaviour == "429-date":  # the other form: a moment, three seconds on
                later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=3)
                self.send_header("Retry-After", email.utils.format_datetime(later, usegmt=True))
            self.end_headers()
            self.wfile.write(answer)
            return
        if behaviour == "400-limit":  # LibreTranslate's answer to a text over --char-limit
            self._json(400, {"error": "Invalid request: request (600) exceeds text limit (250)"})
            return
        if behaviour in ("429", "500"):
            status = int(behaviour)
            if parts.path == "/translate" and "api-version" in query:
                self._json(status, {"error": {"code": status * 1000, "message": "failure"}})
            else:
                self._json(status, {"message": "failure"})
            return
        self._translate(method, parts.path, query, body, behaviour)

    def _translate(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes, behaviour: str
    ) -> None:
        def one(name: str) -> str:
            return query.get(name, [""])[0]

        if path == "/m":  # Google's mobile page
            text = fake_translation(one("q"), one("tl"))
            page = (
                f'<html><body><div class="result-container">{html.escape(text)}</div></body></html>'
            )
            self._send(200, page.encode(), "text/html; charset=utf-8")
        elif path == "/v2/translate":  # DeepL, as it is since 15 January 2026
            form = parse_qs(body.decode()) if method == "POST" else {}
            if "auth_key" in query or "auth_key" in form:
                where = "query parameter" if "auth_key" in query else "form body"
                self._json(
                    403,
                    {
                        "message": f"Legacy authentication method '{where}' is no longer "
                        "supported. Please update to header-based authentication."
                    },
                )
                return
            if method != "POST" or "text" in query:
                self._json(400, {"message": "Use POST, with the text in the request's body"})
                return
            header = self.headers.get("Authorization", "")
            if header != f"DeepL-Auth-Key {GOOD_KEY}" or behaviour == "403":
                self._json(403, {"message": "Wrong auth key"})
                return
            text = fake_translation(form.get("text", [""])[0], form.get("target_lang", [""])[0])
            if behaviour == "empty":  # an answer with no translation in its list
                self._json(200, {"translations": []})
                return
            self._json(200, {"translations": [{"detected_source_language": "EN", "text": text}]})
        elif path == "/translate" and "api-version" in query:  # Microsoft
            key = self.headers.get("Ocp-Apim-Subscription-Key")
            if key != GOOD_KEY or behaviour == "403":
                self._json(401, {"error": {"code": 401000, "message": "Access denied"}})
                return
            texts = json.loads(body)
            if behaviour == "empty":
                self._json(200, [])
                return
            self._json(
                200,
                [
                    {
                        "translations": [
                            {"text": fake_translation(t["text"], one("to")), "to": one("to")}
                        ]
                    }
                    for t in texts
                ],
            )
        elif path == "/translate":  # LibreTranslate
            keyed = one("api_key") == GOOD_KEY or (self.service.keyless and "api_key" not in query)
            if not keyed or behaviour == "403":
                self._json(403, {"error": "Invalid API key"})
                return
            text = fake_translation(one("q"), one("target"))
            if behaviour == "error-200":  # a proxy's or an old server's way: the error, HTTP 200
                self._json(200, {"error": "Daily character quota exceeded"})
                return
            if behaviour == "echo":  # the English sent back, as a service out of sorts does
                text = one("q")
            elif behaviour == "huge":  # a translation, and 50 KB of something else
                text += " lorem" * 10_000
            elif behaviour == "control":  # garbage at its end: a NUL
                text += "\x00"
            elif behaviour == "override":  # and a right-to-left override
                text += "\u202e"
            elif behaviour == "newlines":  # line breaks and spaces inside the sentence
                middle = len(text) // 2
                text = text[:middle] + "  \n " + text[middle:]
            self._json(200, {"translatedText": text})
        elif path == "/get":  # MyMemory
            target = one("langpair").split("|")[1]
            text = fake_translation(one("q"), target)
            if behaviour == "quota":  # as MyMemory says it: in the translation's place, HTTP 200
                warning = (
                    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT "
                    "AVAILABLE IN  10 HOURS 20 MINUTES 33 SECONDS VISIT HTTPS://MYMEMORY.TRANSLATED"
                    ".NET/DOC/USAGELIMITS.PHP TO TRANSLATE MORE"
                )
                self._json(
                    200,
                    {"responseData": {"translatedText": warning}, "responseStatus": 429},
                )
                return
            if behaviour == "entity":  # a memory's translation as HTML
                answer = text.replace("'", "&#39;")
                self._json(200, {"responseData": {"translatedText": answer}, "matches": []})
                return
            if behaviour == "nothing":  # no translation, and no match to offer instead
                self._json(200, {"responseData": {"translatedText": ""}, "matches": []})
                return
            self._json(
                200,
                {
                    "responseData": {"translatedText": text, "match": 1},
                    "matches": [{"translation": text, "match": 1}],
                },
            )
        else:
            self._json(404, {"error": f"no such endpoint {path}"})

    def _json(self, status: int, payload: object) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up on a slow answer (a timeout test) closes the connection.
        pass


@contextmanager
def serving() -> Iterator[tuple[str, Service]]:
    """A running server on 127.0.0.1: its base URL and its state."""
    service = Service()
    handler = type("Handler", (_Handler,), {"service": service})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", service
    finally:
        service.closed.set()
        server.shutdown()
        server.server_close()
        thread.join()
