"""The apy engine against a real Apertium APy server started on a free local port: the local
engine's routes and drafts, through the server; and every way a server can fail, one line each."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest
import requests
from click.testing import CliRunner

from communique.cli import cli
from communique.config import load_settings
from communique.errors import ConfigError
from communique.project import Project
from communique.translate.engines import EngineError, Route, Translation, create_engine
from communique.translate.engines.apertium import MODES_DIRS, ApertiumEngine
from communique.translate.engines.apy import URL_VARIABLE, ApyEngine
from communique.translate.engines.http import Limits
from tests.apertium_cases import assert_marks_kept
from tests.stages import demo_with_catalogs

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"
#: Protected text as the drafter sends it: placeholders, Apertium's special characters, and
#: words no dictionary knows.
TEXTS = [
    "The meeting convened <x0/> delegates in <g1>Strasbourg</g1>.",
    "Bolstering the mandate [really] is vital & urgent.",
    "Less than 5 < 7 and &amp; \\ back @home $5 ^x {y} a/b *star #tag.",
    "Read the <g0>full report</g0> at <x1/>.",
]
PAIRS = {
    "responseData": [
        {"sourceLanguage": "eng", "targetLanguage": "spa"},
        {"sourceLanguage": "eng", "targetLanguage": "cat_valencia"},
    ],
    "responseDetails": None,
    "responseStatus": 200,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def apy_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``apertium-apy`` over the installed pairs, answering on a free port."""
    modes = next(folder for folder in MODES_DIRS if (folder / "eng-spa.mode").is_file())
    folder = tmp_path_factory.mktemp("apy")
    port = free_port()
    with (folder / "apy.log").open("wb") as log:
        server = subprocess.Popen(
            ["apertium-apy", "-p", str(port), str(modes)],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the server and its pipelines stop together
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                log_text = (folder / "apy.log").read_text("utf-8", "replace")
                pytest.fail(f"apertium-apy did not start on port {port}:\n{log_text[-2000:]}")
            try:
                if requests.get(f"{url}/listPairs", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture(scope="module")
def apy(apy_url: str) -> Iterator[ApyEngine]:
    engine = ApyEngine(apy_url)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def apertium() -> Iterator[ApertiumEngine]:
    engine = ApertiumEngine()
    yield engine
    engine.close()


@pytest.mark.needs_apy
def test_routes_are_the_local_engines_over_the_servers_pairs(
    apy: ApyEngine, apertium: ApertiumEngine, apy_url: str
) -> None:
    assert apy.route("en", "es") == Route("apy", ("eng-spa",))
    assert apy.route("en-GB", "fr") == Route("apy", ("eng-spa", "spa-fra"))
    assert apy.route("en", "it") == Route("apy", ("eng-spa", "spa-ita"))
    assert apy.route("en", "de") is None
    assert apy.route("en", "ru") is None
    catalan_first = ApyEngine(apy_url, pivots=("ca",))
    assert catalan_first.route("en", "fr") == Route("apy", ("eng-cat", "cat-fra"))
    assert apy.route("en", "fr").label == "apy eng-spa | spa-fra"  # type: ignore[union-attr]
    for target in ("es", "fr", "it", "de", "ru"):  # the same way, step for step
        local = apertium.route("en", target)
        served = apy.route("en", target)
        assert (local and len(local.steps)) == (served and len(served.steps)), target
    described = apy.describe()
    assert described.startswith(f"pairs on {apy_url}: ")
    assert "eng-spa" in described
    assert "cat_valencia" not in described  # dialect variants left out, as locally


@pytest.mark.needs_apy
@pytest.mark.parametrize("target", ["es", "fr", "it"], ids=["direct", "pivot-fr", "pivot-it"])
def test_translations_are_the_local_engines(
    apy: ApyEngine, apertium: ApertiumEngine, target: str
) -> None:
    served, local = apy.route("en", target), apertium.route("en", target)
    assert served is not None
    assert local is not None
    translations = apy.translate(served, TEXTS)
    assert translations == apertium.translate(local, TEXTS)
    assert_marks_kept(*translations[:2])


@pytest.mark.needs_apy
def test_unknown_words_are_reported_without_their_marks(apy: ApyEngine) -> None:
    route = apy.route("en", "es")
    assert route is not None
    [translation] = apy.translate(route, ["The meeting convened delegates."])
    assert translation == Translation("El cumpliendo convened delegados.", ("convened",))


@pytest.mark.needs_apy
def test_a_pair_the_server_lacks_is_its_error_in_one_line(apy: ApyEngine, apy_url: str) -> None:
    with pytest.raises(EngineError) as caught:
        apy.translate(Route("apy", ("eng-deu",)), ["Hello."])
    assert str(caught.value) == (
        f"apy: {apy_url}/translateRaw answered HTTP 400 (That pair is not installed)"
    )


class _Scripted(BaseHTTPRequestHandler):
    """Plays one answer of the server's script per request: ``(status, body)`` (a string is
    sent as HTML, anything else as JSON), or ``hold``: no answer until the server stops."""

    server: _ScriptedServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        answer = self.server.script.pop(0) if self.server.script else (200, PAIRS)
        if answer == "hold":
            self.server.stopping.wait(10)
            return
        assert isinstance(answer, tuple)
        status, body = answer
        data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        kind = "text/html" if isinstance(body, str) else "application/json"
        self.send_header("Content-Type", f"{kind}; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_GET


class _ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True
    script: list[object]
    seen: list[str]
    stopping: threading.Event


@contextmanager
def scripted(*script: object) -> Iterator[tuple[str, list[str]]]:
    """A server on a free port that plays ``script``, then answers a list of pairs: its URL and
    the paths it was asked for."""
    server = _ScriptedServer(("127.0.0.1", 0), _Scripted)
    server.script, server.seen, server.stopping = list(script), [], threading.Event()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


BUSY = {"status": "error", "code": 503, "message": "Service Unavailable", "explanation": "busy"}


@pytest.mark.parametrize(
    ("script", "message", "pauses"),
    [
        (
            [(200, "<html><body>It works!</body></html>")],
            "apy: {url}/listPairs did not answer JSON (is the url an Apertium APy server?)",
            [],
        ),
        (
            [(200, {"responseData": "eng-spa"})],
            "apy: {url}/listPairs did not answer APy's list of pairs",
            [],
        ),
        (
            [(503, BUSY), (503, BUSY)],
            "apy: {url}/listPairs answered HTTP 503 (busy), still after 2 tries",
            [1.0],
        ),
        (
            [(404, "<html>Not Found</html>")],
            "apy: {url}/listPairs answered HTTP 404 (Not Found)",
            [],
        ),
        (
            ["hold", "hold"],
            "apy: no complete answer from {url}/listPairs within 0.3 s (the timeout), "
            "still after 2 tries",
            [1.0],
        ),
    ],
    ids=["not-json", "not-a-list-of-pairs", "busy", "not-found", "timeout"],
)
def test_a_server_that_fails_is_one_line_and_asked_once(
    script: list[object], message: str, pauses: list[float]
) -> None:
    slept: list[float] = []
    with scripted(*script) as (url, seen):
        engine = ApyEngine(url, limits=Limits(timeout=0.3, retries=2), sleep=slept.append)
        for _ in range(2):  # the second locale hears the same, and the server is not asked
            with pytest.raises(EngineError) as caught:
                engine.route("en", "es")
            assert str(caught.value) == message.format(url=url)
        engine.close()
    assert slept == pauses
    assert seen == ["/listPairs"] * len(script)


def test_a_busy_server_is_asked_again() -> None:
    slept: list[float] = []
    with scripted((503, BUSY)) as (url, seen):
        engine = ApyEngine(url, sleep=slept.append)
        assert engine.route("en", "es") == Route("apy", ("eng-spa",))
        assert engine.route("en", "ca") is None  # eng-cat_valencia is a dialect variant
        engine.close()
    assert (slept, seen) == ([1.0], ["/listPairs", "/listPairs"])


def test_a_translation_the_server_fails_is_one_line() -> None:
    slept: list[float] = []
    with scripted((200, PAIRS), (503, BUSY), (503, BUSY)) as (url, seen):
        engine = ApyEngine(url, limits=Limits(retries=2), sleep=slept.append)
        route = engine.route("en", "es")
        assert route is not None
        with pytest.raises(EngineError) as caught:
            engine.translate(route, ["Hello."])
        engine.close()
    assert str(caught.value) == (
        f"apy: {url}/translateRaw answered HTTP 503 (busy), still after 2 tries"
    )
    assert (slept, seen) == ([1.0], ["/listPairs", "/translateRaw", "/translateRaw"])


def test_a_server_that_is_down_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    slept: list[float] = []
    engine = ApyEngine(url, limits=Limits(retries=3), sleep=slept.append)
    with pytest.raises(EngineError) as caught:
        engine.route("en", "es")
    assert str(caught.value) == (
        f"apy: cannot connect to {url}/listPairs (is apertium-apy running there?), "
        "still after 3 tries"
    )
    assert slept == [1.0, 2.0]


def test_a_secure_address_for_a_plain_server_is_one_line_and_not_retried() -> None:
    slept: list[float] = []
    with scripted() as (url, _):
        secure = url.replace("http://", "https://")
        with pytest.raises(EngineError) as caught:
            ApyEngine(secure, sleep=slept.append).route("en", "es")
    message = str(caught.value)
    assert message.startswith(f"apy: no secure connection to {secure}/listPairs (SSLError: ")
    assert "\n" not in message
    assert slept == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            None,
            "apy needs the address of an APy server: set engines.apy.url in communique.toml "
            f'(url = "http://host:2737") or {URL_VARIABLE}',
        ),
        ("localhost:2737", "apy: 'localhost:2737' is not an http:// or https:// address"),
    ],
    ids=["no-url", "no-scheme"],
)
def test_an_address_that_is_missing_or_wrong_is_one_line(
    url: str | None, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(URL_VARIABLE, raising=False)
    with pytest.raises(EngineError) as caught:
        ApyEngine(url).route("en", "es")
    assert str(caught.value) == message


def test_the_configuration_and_the_environment_set_the_engine(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project_dir / "communique.toml"
    config.write_text(config.read_text("utf-8") + '[engines]\ndefault = "apy"\n', "utf-8")
    monkeypatch.setenv(URL_VARIABLE, "http://apertium.example.org:2737/")
    engine = create_engine("apy", load_settings(config).engines.options)
    assert isinstance(engine, ApyEngine)
    assert (engine.url, engine.pivots, engine.limits) == (
        "http://apertium.example.org:2737",
        ("es", "ca"),
        Limits(),
    )
    config.write_text(
        config.read_text("utf-8")
        + '[engines.apy]\nurl = "http://10.0.0.7:2737"\ntimeout = 5\nretries = 2\n'
        + 'pivots = ["ca"]\n',
        "utf-8",
    )
    engine = create_engine("apy", load_settings(config).engines.options)
    assert isinstance(engine, ApyEngine)
    assert (engine.url, engine.pivots, engine.limits) == (
        "http://10.0.0.7:2737",
        ("ca",),
        Limits(timeout=5.0, retries=2),
    )
    config.write_text(config.read_text("utf-8") + 'api_key = "secret"\n', "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert str(caught.value) == (
        "communique.toml:15: engines.apy.api_key: unknown key (expected one of: url, pivots, "
        "timeout, retries)"
    )


@pytest.fixture
def demo(demo_dir: Path) -> Path:
    """The demo project with its glossary, its catalogs made by ``communique update``."""
    return demo_with_catalogs(demo_dir).root


def spanish(root: Path) -> polib.POFile:
    return polib.pofile(str(Project.load(root).catalog_path(SLUG, "es")))


@pytest.mark.needs_apy
def test_the_demo_drafted_into_spanish_through_apy_is_the_local_engines(
    demo: Path, apy_url: str, runner: CliRunner, tmp_path: Path
) -> None:
    served = shutil.copytree(demo, tmp_path / "served")
    config = served / "communique.toml"
    config.write_text(config.read_text("utf-8") + f'\n[engines.apy]\nurl = "{apy_url}"\n', "utf-8")
    result = runner.invoke(cli, ["-C", str(served), "draft", "-l", "es", "--engine", "apy"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "es: drafted 25: 0 from memory, 1 glossary-only, 24 by apy (apy eng-spa) (0 cached); "
        "0 failed, 0 left empty"
    ]
    local = runner.invoke(cli, ["-C", str(demo), "draft", "-l", "es", "--engine", "apertium"])
    assert local.exit_code == 0, local.output

    drafts, reference = spanish(served), spanish(demo)
    assert [(e.msgid, e.msgstr) for e in drafts] == [(e.msgid, e.msgstr) for e in reference]
    assert all(entry.fuzzy and entry.msgstr for entry in drafts)
    # The same provenance, unknown words and all, but naming the server's engine.
    assert [e.tcomment for e in drafts] == [
        e.tcomment.replace("draft: apertium eng-spa", "draft: apy eng-spa") for e in reference
    ]
    origins = [entry.tcomment.split(" [")[0].split(";")[0] for entry in drafts]
    assert (origins.count("draft: apy eng-spa"), origins.count("draft: glossary")) == (24, 1)
    assert "draft: apy eng-spa; unknown words: convened" in "\n".join(e.tcomment for e in drafts)

    cached = runner.invoke(  # the untouched drafts again: from the cache, not the server
        cli, ["-C", str(served), "draft", "-l", "es", "--engine", "apy", "--refresh"]
    )
    assert cached.exit_code == 0, cached.output
    assert cached.stdout.splitlines()[0] == (
        "es: drafted 25: 0 from memory, 1 glossary-only, 24 by apy (apy eng-spa) (24 cached); "
        "0 failed, 0 left empty"
    )


def test_a_draft_whose_server_is_down_says_so_once_and_fails(demo: Path, runner: CliRunner) -> None:
    """The glossary still drafts what it can; the run names the server and exits 1."""
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    config = demo / "communique.toml"
    settings = f'\n[engines.apy]\nurl = "{url}"\nretries = 1\n'
    config.write_text(config.read_text("utf-8") + settings, "utf-8")
    result = runner.invoke(cli, ["-C", str(demo), "draft", "-l", "es", "--engine", "apy"])
    assert result.exit_code == 1
    down = f"apy: cannot connect to {url}/listPairs (is apertium-apy running there?)"
    assert result.stdout.splitlines() == [
        "es: drafted 1: 0 from memory, 1 glossary-only, 0 by apy (0 cached); 0 failed, "
        "24 left empty",
        "  drafted from memory and glossary only",
        f"  error: {down}",
    ]
    assert result.stderr.splitlines()[-1] == f"Error: es: {down}"
    assert [e.msgstr for e in spanish(demo) if e.msgstr] == ["Estrasburgo"]
