"""Online engines against a local server speaking each service's protocol — never the internet."""

from __future__ import annotations

import pytest

from communique.translate.engines import EngineError, Translation
from communique.translate.engines.base import TextRefused
from communique.translate.engines.online import OnlineEngine, OnlineSettings, resolve_code
from tests.services import GOOD_KEY, fake_translation, serving

ENGINES = ["google", "deepl", "libre", "microsoft", "mymemory"]
KEYED = ["deepl", "libre", "microsoft"]
TEXT = "The meeting convened <x0/> delegates in <g1>Strasbourg</g1>."


def engine(name: str, url: str, sleeps: list[float], **settings: object) -> OnlineEngine:
    options = OnlineSettings(url=url, api_key=GOOD_KEY, timeout=0.5, retries=3, backoff=0.01)
    options = OnlineSettings(**{**options.__dict__, **settings})  # type: ignore[arg-type]
    return OnlineEngine(name, options, sleep=sleeps.append)


def answered(name: str, script: list[str]) -> tuple[Translation, list[float]]:
    """The engine's translation of TEXT, the server playing ``script`` first; and the pauses
    it made between tries."""
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = list(script)
        (result,) = instance.translate(route, [TEXT])
    return result, sleeps


def target_code(name: str) -> str:
    return {"deepl": "fr", "mymemory": "fr-FR"}.get(name, "fr")


@pytest.mark.parametrize("name", ENGINES)
def test_translation(name: str) -> None:
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        (result,) = instance.translate(route, [TEXT])
    expected = fake_translation(TEXT, target_code(name))
    assert result.text == expected
    assert sleeps == []
    assert all(path != "" for _, path, _ in service.requests)


def test_libre_drafts_into_the_languages_its_server_lists() -> None:
    """A self-hosted LibreTranslate serves the languages of the models it installed
    (GET /languages): Ukrainian, Persian, Hebrew, which deep-translator's table lacks."""
    with serving() as (url, service):
        instance = engine("libre", url, [])
        for target in ("uk", "fa", "he"):
            route = instance.route("en", target)
            assert route is not None, target
            assert route.steps == (f"en→{target}",)
            (result,) = instance.translate(route, [TEXT])
            assert result.text == fake_translation(TEXT, target)
        assert instance.route("en", "ka") is None  # no model installed for Georgian
    assert [path for _, path, _ in service.requests].count("/languages") == 1


@pytest.mark.parametrize("name", ENGINES)
def test_rate_limit_then_success(name: str) -> None:
    result, sleeps = answered(name, ["429", "429"])
    assert "Strasbourg" in result.text
    assert sleeps == [0.01, 0.02]  # exponential backoff


@pytest.mark.parametrize("name", ["deepl", "libre", "mymemory"])
def test_a_rate_limit_waits_as_long_as_the_service_says(name: str) -> None:
    """429 with Retry-After: 2: the next try comes two seconds later, not at the backoff's
    hundredth of a second (the service would refuse it again)."""
    result, sleeps = answered(name, ["429-wait", "429-date"])
    assert result.text == fake_translation(TEXT, target_code(name))
    # Two seconds as said; then until the moment said, three seconds after it was said
    # (whole seconds: a little less, by the time it is read).
    assert sleeps[0] == 2.0
    assert 1.0 < sleeps[1] <= 3.0


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ("401", "the service refused the API key (HTTP 401): failure"),
        ("456", "the account's quota is used up (HTTP 456): failure"),
    ],
)
def test_a_refused_key_or_a_spent_quota_is_said_at_once(status: str, said: str) -> None:
    """Another try would be refused as well: none is made, and the status is said in words
    (not deep-translator's Yandex codes, ERR_KEY_INVALID)."""
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine("deepl", url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = [status]
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert str(caught.value) == f"deepl: {said}"
    assert sleeps == []


def test_an_answer_in_html_is_read_as_text() -> None:
    """MyMemory answers from its memories as HTML: "isn&#39;t" is "isn't" in the draft, also
    beside an "&" that was sent ("Q&A"); a reference that was sent ("R&amp;D") stays."""
    with serving() as (url, service):
        instance = engine("mymemory", url, [])
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["entity"] * 3
        plain, marked, ampersand = instance.translate(
            route, ["It isn't free.", "R&amp;D isn't free.", "The OSCE's Q&A session."]
        )
    assert plain.text == fake_translation("It isn't free.", "fr-FR")
    assert marked.text == fake_translation("R&amp;D isn't free.", "fr-FR")
    assert ampersand.text == fake_translation("The OSCE's Q&A session.", "fr-FR")


def test_a_deepl_pro_key_goes_to_the_pro_api() -> None:
    """DeepL's free keys end with ":fx" and have their own address; a Pro key is refused
    there."""
    for key, address in (
        ("abc:fx", "https://api-free.deepl.com"),
        ("abc", "https://api.deepl.com"),
    ):
        instance = OnlineEngine("deepl", OnlineSettings(api_key=key))
        assert instance._make("en", "fr")._base_url.startswith(address), key


@pytest.mark.parametrize("name", ENGINES)
def test_server_error_is_retried_then_reported(name: str) -> None:
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["500"] * 3
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert str(caught.value).startswith(f"{name}: ")
    assert str(caught.value).endswith(", still after 3 tries")
    assert sleeps == [0.01, 0.02]


@pytest.mark.parametrize("name", ENGINES)
def test_timeout(name: str) -> None:
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps, timeout=0.1, retries=2)
        route = instance.route("en", "fr")
        assert route is not None
        service.slow_seconds = 0.3
        service.script = ["slow", "slow"]
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert str(caught.value) == (
        f"{name}: no complete answer within 0.1 s (the timeout), still after 2 tries"
    )
    assert sleeps == [0.01]


@pytest.mark.parametrize("name", ENGINES)
def test_an_answer_trickling_in_is_given_up_at_the_deadline(name: str) -> None:
    """A byte every 0.05 s keeps each read within a 0.3 s timeout, and the whole answer would
    take 12 s: the timeout bounds each request as a whole, so two tries fail."""
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps, timeout=0.3, retries=2)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["trickle", "trickle"]
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
        # The server still has the request scripted after them to answer: it does, at once.
        (result,) = instance.translate(route, [TEXT])
    assert str(caught.value) == (
        f"{name}: no complete answer within 0.3 s (the timeout), still after 2 tries"
    )
    assert sleeps == [0.01]
    assert result.text == fake_translation(TEXT, target_code(name))


@pytest.mark.parametrize("name", ENGINES)
def test_answer_cut_off_is_retried(name: str) -> None:
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["truncated"]
        (result,) = instance.translate(route, [TEXT])
    assert result.text == fake_translation(TEXT, target_code(name))
    assert sleeps == [0.01]


@pytest.mark.parametrize("name", ENGINES)
def test_redirect_loop_fails_at_once(name: str) -> None:
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        service.redirect = True
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert str(caught.value) == (
        f"{name}: redirected more than 30 times (is the engine's url right?)"
    )
    assert sleeps == []
    assert len([path for _, path, _ in service.requests if path != "/languages"]) == 31


def test_any_other_request_failure_is_an_engine_error() -> None:
    instance = engine("deepl", "ftp://127.0.0.1", [])
    route = instance.route("en", "fr")
    assert route is not None
    with pytest.raises(EngineError) as caught:
        instance.translate(route, [TEXT])
    assert str(caught.value) == (
        "deepl: request failed (InvalidSchema: "
        "No connection adapters were found for 'ftp://127.0.0.1/v2/translate')"
    )
    # LibreTranslate is asked for its languages first: the same, from the route.
    with pytest.raises(EngineError) as caught:
        engine("libre", "ftp://127.0.0.1", []).route("en", "fr")
    assert str(caught.value) == (
        "libre: request failed (InvalidSchema: "
        "No connection adapters were found for 'ftp://127.0.0.1/languages')"
    )


def test_answers_are_yielded_as_they_come_back() -> None:
    with serving() as (url, service):
        instance = engine("libre", url, [], retries=1)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["ok", "ok", "500"]
        answers = instance.translations(route, ["One.", "Two.", "Three."])
        assert service.requests[0][1] == "/languages"  # LibreTranslate's, once
        assert next(answers) == Translation("[fr] One.")
        assert len(service.requests) == 2  # the second sentence is not sent yet
        assert next(answers) == Translation("[fr] Two.")
        with pytest.raises(EngineError):
            next(answers)
    assert len(service.requests) == 4


@pytest.mark.parametrize("name", KEYED)
def test_bad_key_fails_at_once(name: str) -> None:
    with serving() as (url, _service):
        sleeps: list[float] = []
        instance = engine(name, url, sleeps, api_key="wrong")
        route = instance.route("en", "fr")
        assert route is not None
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert sleeps == []
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert "key" in message.lower() or "denied" in message.lower()


@pytest.mark.parametrize("name", KEYED)
def test_missing_key_says_where_to_put_it(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(f"COMMUNIQUE_{name.upper()}_API_KEY", raising=False)
    with serving() as (url, _service):
        instance = engine(name, url, [], api_key=None)
        with pytest.raises(EngineError) as caught:  # noqa: PT012 - Microsoft fails at route()
            route = instance.route("en", "fr")
            assert route is not None
            instance.translate(route, [TEXT])
    # (A LibreTranslate at a url of the organisation's own may need none: it is asked.)
    needs = {"libre": ": the service asks for an API key (HTTP 403: Invalid API key)"}
    assert str(caught.value) == (
        f"{name}{needs.get(name, ' needs an API key')}: set COMMUNIQUE_{name.upper()}_API_KEY "
        f"or engines.{name}.api_key in communique.toml"
    )


def test_a_libretranslate_of_the_organisation_s_own_may_need_no_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LibreTranslate started without --api-keys, at the url of the organisation's own
    server: asked without a key (and sent none), it translates. The public service, at no
    url, still needs one before anything is sent."""
    monkeypatch.delenv("COMMUNIQUE_LIBRE_API_KEY", raising=False)
    with serving() as (url, service):
        service.keyless = True
        instance = engine("libre", url, [], api_key=None)
        route = instance.route("en", "fr")
        assert route is not None
        (result,) = instance.translate(route, [TEXT])
    assert result.text == fake_translation(TEXT, "fr")
    assert not any("api_key" in query for *_, query in service.requests)
    public = OnlineEngine("libre", OnlineSettings(api_key=None), sleep=lambda pause: None)
    with pytest.raises(EngineError) as caught:
        public.route("en", "fr")
    assert str(caught.value) == (
        "libre needs an API key: set COMMUNIQUE_LIBRE_API_KEY or engines.libre.api_key in "
        "communique.toml"
    )


def test_key_from_the_environment_is_read_when_the_engine_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMMUNIQUE_DEEPL_API_KEY", GOOD_KEY)
    with serving() as (url, _service):
        instance = engine("deepl", url, [], api_key=None)
        route = instance.route("en", "de")
        assert route is not None
        assert instance.translate(route, ["Hello"])[0].text == "[de] Hello"


@pytest.mark.parametrize(
    ("tag", "codes", "expected"),
    [
        ("fr", ["de", "fr"], "fr"),
        ("fr", ["de-DE", "fr-FR"], "fr-FR"),
        ("pt-BR", ["pt", "pt-pt"], "pt"),
        ("pt-BR", ["pt-br", "pt-pt"], "pt-br"),
        ("sr-Latn", ["sr-Cyrl", "sr-Latn"], "sr-Latn"),
        ("sr", ["sr-Cyrl", "sr-Latn"], "sr-Cyrl"),
        ("zh-TW", ["zh-CN", "zh-TW"], "zh-TW"),
        ("zh-TW", ["zh-Hans", "zh-Hant"], "zh-Hant"),
        ("he", ["iw", "fr"], "iw"),
        ("cy", ["fr"], None),
    ],
    ids=[
        "plain",
        "region",
        "fallback",
        "exact-region",
        "script",
        "likely-script",
        "zh-region",
        "zh-script",
        "old-code",
        "unsupported",
    ],
)
def test_code_mapping(tag: str, codes: list[str], expected: str | None) -> None:
    assert resolve_code(tag, codes) == expected


def test_route_names_the_codes() -> None:
    instance = OnlineEngine("google", OnlineSettings())
    route = instance.route("en", "zh-TW")
    assert route is not None
    assert route.label == "google en→zh-TW"
    assert instance.route("en", "ii") is None  # Sichuan Yi: not a Google language


def test_deepl_is_asked_as_it_asks_since_2026_the_key_in_a_header() -> None:
    """DeepL refuses a key in the query or the body since 15 January 2026, and GET requests
    to /translate: deep-translator still sends both. Each request goes by POST, the key in the
    Authorization header (and never in an address a proxy logs)."""
    result, _ = answered("deepl", [])
    assert result.text == fake_translation(TEXT, "fr")
    with serving() as (url, service):
        instance = engine("deepl", url, [])
        route = instance.route("en", "fr")
        assert route is not None
        instance.translate(route, [TEXT])
    assert [(method, path) for method, path, _ in service.requests] == [("POST", "/v2/translate")]
    assert all("auth_key" not in query and "text" not in query for *_, query in service.requests)


def test_a_text_the_service_refuses_fails_alone_with_its_reason() -> None:
    """LibreTranslate answers 400 to a text over its character limit: that text fails, named
    with the service's words, and the engine is asked for the others (it stopped for every
    text and every language, with "HTTP 400" alone)."""
    with serving() as (url, service):
        instance = engine("libre", url, [])
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["400-limit"]
        with pytest.raises(TextRefused) as caught:
            instance.translate(route, [TEXT])
        (result,) = instance.translate(route, [TEXT])
    assert str(caught.value) == (
        "libre: the service answered HTTP 400: Invalid request: request (600) exceeds text "
        "limit (250)"
    )
    assert result.text == fake_translation(TEXT, "fr")


@pytest.mark.parametrize(
    ("behaviour", "said"),
    [
        ("echo", "libre returned the English unchanged: no translation"),
        ("huge", "libre returned an answer 101 times as long as the text: no translation"),
        # A NUL (gettext reads it as the end of the string) and a right-to-left override,
        # drafted, cached, and put back by every --refresh (a helper's finding).
        ("control", "libre returned an answer with a control character (U+0000): no translation"),
        (
            "override",
            "libre returned an answer with a right-to-left override (U+202E): no translation",
        ),
    ],
)
def test_an_answer_that_is_no_translation_is_refused_not_drafted(behaviour: str, said: str) -> None:
    """The English sent back, or an answer many times the text's length (a service out of
    sorts, a proxy's page): that text fails, and neither becomes a draft nor is cached, so
    the next run asks again."""
    with serving() as (url, service):
        instance = engine("libre", url, [])
        route = instance.route("en", "fr")
        assert route is not None
        service.script = [behaviour]
        with pytest.raises(TextRefused) as caught:
            instance.translate(route, [TEXT * 10])
    assert str(caught.value) == said


@pytest.mark.parametrize(
    ("name", "behaviour", "said"),
    [
        ("deepl", "empty", "deepl: no translation in its answer (an empty list)"),
        ("microsoft", "empty", "microsoft: no translation in its answer (an empty list)"),
        ("libre", "error-200", "libre: the service answered: Daily character quota exceeded"),
    ],
)
def test_an_answer_of_another_shape_is_one_line_in_the_service_s_words(
    name: str, behaviour: str, said: str
) -> None:
    """An answer without the translation where the protocol puts it: an empty list (a
    traceback ended the command), or an error in a body sent with HTTP 200 (said as an
    unexpected KeyError, the service's words lost). Not tried again: it would say the same."""
    with serving() as (url, service):
        instance = engine(name, url, sleeps := [])
        route = instance.route("en", "fr")
        assert route is not None
        service.script = [behaviour]
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert str(caught.value) == said
    assert sleeps == []


def test_line_breaks_inside_an_answer_are_spaces() -> None:
    """A sentence sent on one line comes back on one line: an answer's line breaks and runs
    of spaces inside it went into the catalog ("The \\n annual meeting"), and no check saw them."""
    result, _ = answered("libre", ["newlines"])
    assert "\n" not in result.text
    assert "  " not in result.text
    assert result.text.replace(" ", "") == fake_translation(TEXT, "fr").replace(" ", "")


def test_a_service_that_cannot_list_its_languages_is_not_asked_again_for_the_next() -> None:
    """LibreTranslate's GET /languages answers 500: the engine says so for the first language,
    and for the next without asking again (each would wait as long, tries and all, for the
    same failure: about 87 s a language with the defaults)."""
    with serving() as (url, service):
        service.languages_error = 500
        instance = engine("libre", url, [])
        failures = []
        for target in ("fr", "de", "ru"):
            with pytest.raises(EngineError) as caught:
                instance.route("en", target)
            failures.append(str(caught.value))
    assert [path for _, path, _ in service.requests] == ["/languages"] * 3  # the 3 tries, once
    assert (
        failures
        == ["libre: the service answered HTTP 500 (an error on its side), still after 3 tries"] * 3
    )


@pytest.mark.parametrize("name", ["microsoft", "libre"])
def test_a_list_of_languages_refused_says_why_in_the_service_s_words(name: str) -> None:
    """Microsoft's list of languages refused (HTTP 401, its error in JSON) was said as an
    unexpected answer, "KeyError: 'translation'": it is the key, and said at once."""
    with serving() as (url, service):
        service.languages_error = 401
        instance = engine(name, url, sleeps := [])
        with pytest.raises(EngineError) as caught:
            instance.route("en", "fr")
    said = "Access denied" if name == "microsoft" else "failure"
    assert str(caught.value) == f"{name}: the service refused the API key (HTTP 401): {said}"
    assert sleeps == []


def test_a_key_microsoft_refuses_is_said_as_the_others_are() -> None:
    """Microsoft's refusal (HTTP 401, ``{"error": {"code": 401000, …}}``) was said as the
    Python dict deep-translator holds: "{'code': 401000, 'message': 'Access denied'}". It is
    said as DeepL's and LibreTranslate's are: the status in words, and the service's own."""
    with serving() as (url, service):
        sleeps: list[float] = []
        instance = engine("microsoft", url, sleeps)
        route = instance.route("en", "fr")
        assert route is not None
        service.script = ["403"]
        with pytest.raises(EngineError) as caught:
            instance.translate(route, [TEXT])
    assert str(caught.value) == (
        "microsoft: the service refused the API key (HTTP 401): Access denied"
    )
    assert sleeps == []
