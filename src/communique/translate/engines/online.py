"""Online engines through deep-translator: Google, DeepL, Microsoft, MyMemory, LibreTranslate.

deep-translator speaks each service's protocol; this adapter adds what a newsroom tool needs
around it:

* our own mapping from BCP 47 to each service's codes (``sr-Latn``, ``pt-BR``, ``zh-TW``), made
  from the codes the library lists and CLDR's likely subtags;
* API keys read when an engine is created, from the environment or the configuration;
* a deadline on every request: deep-translator sends its requests without a timeout, so its
  modules' ``requests`` is replaced by a small transport that bounds each request as a whole
  (a server that answers one byte a second must not keep a run waiting for ever; ``requests``'
  own timeout bounds each read only), and can send everything to another base URL: a
  self-hosted LibreTranslate, a proxy, or a test server;
* retries with exponential backoff on rate limits, server errors and timeouts;
* every failure, whatever deep-translator raised, as one :class:`EngineError`.
"""

from __future__ import annotations

import ast
import datetime
import email.utils
import html
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import deep_translator.constants as constants
import deep_translator.deepl
import deep_translator.google
import deep_translator.libre
import deep_translator.microsoft
import deep_translator.mymemory
import requests
from babel.core import get_global
from deep_translator import exceptions as dt

from communique.controls import bidi_problem, control_character, noncharacter
from communique.errors import shortened
from communique.locales import parse_locale
from communique.translate.engines.base import EngineError, Route, TextRefused, Translation
from communique.translate.engines.http import BoundedSession, Limits

ONLINE_ENGINES = ("deepl", "google", "libre", "microsoft", "mymemory")

#: A character reference of HTML: named, decimal or hexadecimal.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

#: What MyMemory answers in a translation's place when it will not translate: the day's
#: quota used up, a text too long.
_MYMEMORY_LIMITS = ("MYMEMORY WARNING:", "QUERY LENGTH LIMIT EXCEEDED")

_MODULES: dict[str, ModuleType] = {
    "deepl": deep_translator.deepl,
    "google": deep_translator.google,
    "libre": deep_translator.libre,
    "microsoft": deep_translator.microsoft,
    "mymemory": deep_translator.mymemory,
}
_STATIC_CODES: dict[str, Mapping[str, str]] = {
    "deepl": constants.DEEPL_LANGUAGE_TO_CODE,
    "google": constants.GOOGLE_LANGUAGES_TO_CODES,
    "libre": constants.LIBRE_LANGUAGES_TO_CODES,
    "mymemory": constants.MY_MEMORY_LANGUAGES_TO_CODES,
}
_KEY_NEEDED = ("deepl", "microsoft", "libre")


@dataclass(frozen=True)
class OnlineSettings:
    """How to reach one online engine; unset values come from ``COMMUNIQUE_<ENGINE>_…``."""

    url: str | None = None
    api_key: str | None = None
    region: str | None = None
    email: str | None = None
    timeout: float = Limits.timeout
    retries: int = Limits.retries
    backoff: float = Limits.backoff

    @property
    def limits(self) -> Limits:
        """The timeout, tries and backoff of these settings."""
        return Limits(self.timeout, self.retries, self.backoff)

    def resolved(self, engine: str) -> OnlineSettings:
        """These settings with the environment filled in, read now (not at import)."""
        prefix = f"COMMUNIQUE_{engine.upper()}_"
        return OnlineSettings(
            url=self.url or os.environ.get(prefix + "URL"),
            api_key=self.api_key or os.environ.get(prefix + "API_KEY"),
            region=self.region or os.environ.get(prefix + "REGION"),
            email=self.email or os.environ.get(prefix + "EMAIL"),
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
        )


class _Transport:
    """Stands in for ``requests`` inside deep-translator's modules: adds a deadline, one
    connection pool, and optionally another base URL."""

    exceptions = requests.exceptions

    def __init__(self) -> None:
        self.http = BoundedSession()
        self.timeout = OnlineSettings.timeout
        self.base_url: str | None = None
        self.last_error: requests.RequestException | None = None
        #: The last answer's status and ``Retry-After`` (seconds), which deep-translator's
        #: exceptions do not keep.
        self.last_status: int | None = None
        self.retry_after: float | None = None
        #: What the service said of an error it answered ("Wrong auth key"), if it said it.
        self.last_said: str | None = None
        #: The last answer (read again only where it was not what the protocol says).
        self.last_response: requests.Response | None = None

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        params = kwargs.get("params")
        if isinstance(params, dict) and "auth_key" in params:
            # DeepL, as deep-translator asks it (GET, the key in the query), which DeepL
            # refuses since 15 January 2026: the key in the Authorization header, the rest
            # in a POST's body.
            fields = {name: value for name, value in params.items() if name != "auth_key"}
            headers = {
                **(kwargs.get("headers") or {}),
                "Authorization": f"DeepL-Auth-Key {params['auth_key']}",
            }
            kwargs = {**kwargs, "params": None, "data": fields, "headers": headers}
            method = "POST"
        if self.base_url:
            parts = urlsplit(url.strip())
            url = (
                self.base_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
            )
        try:
            response = self.http.request(method, url, self.timeout, **kwargs)
        except requests.RequestException as exc:
            self.last_error = exc
            raise
        self.last_status = response.status_code
        self.retry_after = _seconds(response.headers.get("Retry-After", ""))
        self.last_said = _said(response) if response.status_code >= 400 else None
        self.last_response = response
        return response


def _said(response: requests.Response) -> str | None:
    """The message of an error answer in JSON (``{"message": …}``, LibreTranslate's
    ``{"error": …}``, Microsoft's ``{"error": {"message": …}}``), on one line, shortened."""
    try:
        data = response.json()
    except ValueError:
        return None
    said = data.get("message") or data.get("error") if isinstance(data, dict) else None
    if isinstance(said, dict):
        said = said.get("message")
    if not isinstance(said, str) or not said.strip():
        return None
    return shortened(" ".join(said.split()), 200)


_TRANSPORT = _Transport()
for _module in _MODULES.values():
    _module.requests = _TRANSPORT  # type: ignore[attr-defined]

# Failures worth another try, and failures that another try will not mend: after the transient
# ones, any other failure of requests (a redirect loop, a malformed URL) is fatal.
_RETRY: tuple[type[BaseException], ...] = (
    dt.TooManyRequests,
    dt.ServerException,
    dt.RequestError,
    requests.Timeout,
    requests.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.RetryError,
)
_FATAL = (
    dt.AuthorizationException,
    dt.ApiKeyException,
    dt.MicrosoftAPIerror,
    dt.BaseError,
    requests.RequestException,
)


def resolve_code(tag: str, codes: Sequence[str]) -> str | None:
    """The engine's code for a BCP 47 tag: exact, then with CLDR's likely script or region,
    then the bare language (``pt-BR`` → ``pt``, ``zh-TW`` → ``zh-Hant``, ``fr`` → ``fr-FR``).

    >>> resolve_code("fr", ["de-DE", "fr-FR"]), resolve_code("sr-Latn", ["sr-Cyrl", "sr-Latn"])
    ('fr-FR', 'sr-Latn')
    """
    by_lower = {code.lower().replace("_", "-"): code for code in codes}
    locale = parse_locale(tag)
    likely = str(get_global("likely_subtags").get(str(locale), "")) or str(
        get_global("likely_subtags").get(locale.language, "")
    )
    expanded = likely.split("_")
    script = locale.script or (expanded[1] if len(expanded) == 3 else None)
    region = locale.territory or (expanded[-1] if len(expanded) >= 2 else None)
    candidates = [tag]
    if script:
        candidates.append(f"{locale.language}-{script}")
    if region:
        candidates.append(f"{locale.language}-{region}")
    candidates.append(locale.language)
    if locale.language == "he":
        candidates.append("iw")  # Google's old code
    for candidate in candidates:
        found = by_lower.get(candidate.lower())
        if found is not None:
            return found
    return None


class _ListedLibre(deep_translator.libre.LibreTranslator):  # type: ignore[misc]
    """deep-translator's LibreTranslate, taking the codes its server lists besides those of the
    library's table (which it checks each code against when a translator is made)."""

    def __init__(self, listed: Sequence[str], api_key: str | None, **options: Any) -> None:
        self._listed = frozenset(listed)
        # A self-hosted server started without --api-keys asks for none: the library refuses
        # to be made without one, and sends none when it has none.
        super().__init__(api_key=api_key or "-", **options)
        self.api_key = api_key

    def _map_language_to_code(self, *languages: str) -> Iterator[str]:
        for language in languages:
            if language in self._listed:
                yield language
            else:
                yield from super()._map_language_to_code(language)


class OnlineEngine:
    """One deep-translator service behind the engine interface."""

    #: A service may write numbers and dates its own way (``1.200`` in German): placeholders.
    rule_based = False

    def __init__(
        self, name: str, settings: OnlineSettings, *, sleep: Callable[[float], None] = time.sleep
    ):
        if name not in _MODULES:
            raise EngineError(f"unknown online engine {name!r}")
        self.name = name
        self.settings = settings.resolved(name)
        self.sleep = sleep
        self.translators: dict[tuple[str, str], Any] = {}
        self._codes: list[str] | None = None
        #: Why the service could not list its languages, once it could not.
        self._listing_failed: str | None = None

    def route(self, source: str, target: str) -> Route | None:
        self._keyed()  # (before a dry run promises drafts the run cannot make)
        codes = self.codes()
        src, tgt = resolve_code(source, codes), resolve_code(target, codes)
        if src is None or tgt is None:
            return None
        return Route(self.name, (f"{src}→{tgt}",))

    def known_route(self, labels: Sequence[str], source: str, target: str) -> Route | None:
        """A route this service answered on before (``labels``: those of its cached answers),
        for a run that cannot ask it which languages it has (a self-hosted server down): its
        cached answers are then used all the same."""
        for label in labels:
            name, _, step = label.partition(" ")
            codes = step.split("→")
            if name != self.name or len(codes) != 2:
                continue
            if resolve_code(source, codes[:1]) and resolve_code(target, codes[1:]):
                return Route(self.name, (step,))
        return None

    def codes(self) -> list[str]:
        """The language codes the service accepts. A listing that failed is not asked for
        again in this run (each language would wait as long for the same failure)."""
        if self._listing_failed is not None:
            raise EngineError(self._listing_failed)
        try:
            return self._listed()
        except EngineError as exc:
            self._listing_failed = str(exc)
            raise

    def _listed(self) -> list[str]:
        if self._codes is None:
            if self.name == "microsoft":
                # Microsoft lists its languages through its API when a translator is made.
                translator = self._call(lambda: self._make("en", "fr"))
                self._codes = list(translator.get_supported_languages(as_dict=True).values())
            elif self.name == "libre":
                self._codes = self._call(self._libre_codes)
            else:
                self._codes = list(_STATIC_CODES[self.name].values())
        return self._codes

    def _libre_codes(self) -> list[str]:
        """The languages a LibreTranslate server lists (``GET /languages``): a self-hosted one
        serves those of the models it installed (Ukrainian, Persian, Hebrew…), which
        deep-translator's table of the public one lacks. The table, where a server lists none."""
        response = _TRANSPORT.get(constants.BASE_URLS["LIBRE"] + "languages")
        if response.status_code == 404:  # (a proxy that passes /translate alone)
            return list(_STATIC_CODES["libre"].values())
        if response.status_code >= 400:
            raise dt.ServerException(response.status_code)
        listed = response.json()
        codes = [
            str(language["code"])
            for language in (listed if isinstance(listed, list) else [])
            if isinstance(language, dict) and isinstance(language.get("code"), str)
        ]
        return codes or list(_STATIC_CODES["libre"].values())

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        return list(self.translations(route, texts))

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        """One request per text, each answer yielded before the next request is sent."""
        source, target = route.steps[0].split("→")
        translator = self.translators.get((source, target))
        if translator is None:
            translator = self._call(lambda: self._make(source, target))
            self.translators[(source, target)] = translator
        for text in texts:
            output = self._call(partial(translator.translate, text))
            if not isinstance(output, str) or not output.strip():
                raise TextRefused(f"{self.name} returned no translation")
            if output.startswith(_MYMEMORY_LIMITS):
                # MyMemory says it in the translation's place, with HTTP 200: no draft, and not
                # one to keep in the cache.
                said = " ".join(output.split())[:120]
                if output.startswith(_MYMEMORY_LIMITS[0]):
                    raise EngineError(
                        f"{self.name}: its free quota is used up ({said}): set "
                        f"engines.{self.name}.email for a larger one, or draft again tomorrow"
                    )
                raise TextRefused(f"{self.name}: {said}")
            if "&" in output:
                # Some services answer HTML (Google's page, MyMemory's memories): "isn&#39;t".
                # A reference that was not in what was sent is read ("R&amp;D" sent stays).
                output = _unescaped(output, text)
            output = output.strip()
            if "\n" not in text:  # (a sentence sent on one line comes back on one)
                output = _BREAKS.sub(" ", output)
            _no_translation(self.name, source, target, text, output)
            _no_controls(self.name, output)
            yield Translation(output)

    def _keyed(self) -> None:
        """Refuse to go on without the API key the service needs (a LibreTranslate server of
        the organisation's own, at ``url``, may need none)."""
        self_hosted = self.name == "libre" and bool(self.settings.url)
        if self.name in _KEY_NEEDED and not self.settings.api_key and not self_hosted:
            raise EngineError(
                f"{self.name} needs an API key: set COMMUNIQUE_{self.name.upper()}_API_KEY "
                f"or engines.{self.name}.api_key in communique.toml"
            )

    def _make(self, source: str, target: str) -> Any:
        s = self.settings
        self._keyed()
        if self.name == "google":
            return deep_translator.google.GoogleTranslator(source=source, target=target)
        if self.name == "deepl":
            # DeepL's free keys end with ":fx" and have an API of their own (api-free.deepl.com);
            # a Pro key is refused there.
            free = (s.api_key or "").endswith(":fx")
            return deep_translator.deepl.DeeplTranslator(
                source=source, target=target, api_key=s.api_key, use_free_api=free
            )
        if self.name == "libre":
            return _ListedLibre(
                self.codes(), source=source, target=target, api_key=s.api_key, use_free_api=False
            )
        if self.name == "microsoft":
            return deep_translator.microsoft.MicrosoftTranslator(
                source=source, target=target, api_key=s.api_key, region=s.region
            )
        return deep_translator.mymemory.MyMemoryTranslator(
            source=source, target=target, email=s.email
        )

    def _call(self, action: Callable[[], Any]) -> Any:
        _TRANSPORT.timeout = self.settings.timeout
        _TRANSPORT.base_url = self.settings.url
        for attempt in range(1, self.settings.retries + 1):
            _TRANSPORT.last_error = None
            _TRANSPORT.last_status = _TRANSPORT.retry_after = _TRANSPORT.last_said = None
            _TRANSPORT.last_response = None
            try:
                return action()
            except dt.NotValidLength as exc:  # (one text too long for it: the others may go)
                raise TextRefused(f"{self.name}: {_describe(exc)}") from None
            except StopIteration:  # (MyMemory with nothing to give: next() of no matches)
                raise TextRefused(f"{self.name} returned no translation") from None
            # deep-translator raises its own families, lets requests' through, and its Microsoft
            # adapter reads the body of a request that failed: each is sorted by _classify.
            except (*_RETRY, *_FATAL, AttributeError, LookupError, TypeError, ValueError) as exc:
                retry, reason = _classify(exc, _TRANSPORT.last_error)
                # An answer read as if it held the translation or the list of languages, which
                # held an error: sent as a success (HTTP 200), in the service's words; else as
                # its status says (Microsoft's 401 to GET /languages: "KeyError: 'translation'").
                misread = not isinstance(exc, (*_RETRY, *_FATAL))
                answer = _TRANSPORT.last_response
                said = _said(answer) if misread and answer is not None and answer.ok else None
                if said is not None:
                    reason = f"the service answered: {said}"
                status = _TRANSPORT.last_status
                if (
                    (misread or isinstance(exc, (*_ANSWERED, dt.AuthorizationException)))
                    and status is not None
                    and status >= 400
                ):
                    retry, reason = _status(status)
                    if _TRANSPORT.last_said and status < 500 and status != 429:
                        # What the service says the request lacks, in its words ("Legacy
                        # authentication…", "exceeds text limit (250)").
                        reason += f": {_TRANSPORT.last_said}"
                    if status in (401, 403) and not self.settings.api_key:
                        # (A server of the organisation's own, asked without a key.)
                        said = f": {_TRANSPORT.last_said}" if _TRANSPORT.last_said else ""
                        reason = (
                            f"the service asks for an API key (HTTP {status}{said}): set "
                            f"COMMUNIQUE_{self.name.upper()}_API_KEY or engines.{self.name}."
                            "api_key in communique.toml"
                        )
                    if status in (400, 413):  # (this text refused: the others may go)
                        raise TextRefused(f"{self.name}: {reason}") from None
                if not retry:
                    raise EngineError(f"{self.name}: {reason}") from None
                if attempt == self.settings.retries:
                    tries = f"{attempt} tr{'y' if attempt == 1 else 'ies'}"
                    raise EngineError(f"{self.name}: {reason}, still after {tries}") from None
                pause = self.settings.limits.pause(attempt)
                if _TRANSPORT.retry_after is not None:  # the service said how long (a minute
                    pause = max(pause, min(_TRANSPORT.retry_after, 60.0))  # at most)
                self.sleep(pause)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.translators.clear()


#: deep-translator's errors for an answer it did not like: the status says what it was.
_ANSWERED = (dt.ServerException, dt.RequestError, dt.TooManyRequests)


#: Line breaks and runs of spaces (not the no-break spaces of French typography).
_BREAKS = re.compile(r"[ \t]*[\r\n][ \t\r\n]*|[ \t]{2,}")
#: A word of letters.
_WORD = re.compile(r"[^\W\d_]{2,}")
#: How many times the length of what was sent an answer may be (what a translation into a
#: wordier language, or a script of longer words, takes, with room to spare).
_LONGEST = 4


def _no_translation(name: str, source: str, target: str, sent: str, answer: str) -> None:
    """Refuse an answer that is no translation: the English sent back unchanged (four words
    or more, into another language), or many times as long as the text (a service out of
    sorts, a proxy's page). Refused, it is neither a draft nor cached: the next run asks."""
    other = source.split("-")[0].lower() != target.split("-")[0].lower()
    if other and answer == sent.strip() and len(_WORD.findall(sent)) >= 4:
        raise TextRefused(f"{name} returned the English unchanged: no translation")
    if len(answer) > _LONGEST * len(sent) + 200:
        times = round(len(answer) / max(len(sent), 1))
        raise TextRefused(
            f"{name} returned an answer {times} times as long as the text: no translation"
        )


def _seconds(retry_after: str) -> float | None:
    """How long a ``Retry-After`` asks to wait: seconds, or an HTTP date (RFC 9110)."""
    value = retry_after.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - datetime.datetime.now(datetime.UTC)).total_seconds())


def _unescaped(answer: str, sent: str) -> str:
    """The answer with the character references read that were not in what was sent."""
    return _REFERENCE.sub(
        lambda m: m.group() if m.group() in sent else html.unescape(m.group()), answer
    )


def _status(status: int) -> tuple[bool, str]:
    """Whether another try may help, and what the service's HTTP status says."""
    if status in (401, 403):
        return False, f"the service refused the API key (HTTP {status})"
    if status == 456:  # DeepL's
        return False, "the account's quota is used up (HTTP 456)"
    if status == 429:
        return True, "rate limit reached (HTTP 429)"
    if status >= 500:
        return True, f"the service answered HTTP {status} (an error on its side)"
    return False, f"the service answered HTTP {status}"


def _classify(exc: BaseException, transport: BaseException | None) -> tuple[bool, str]:
    """Whether another try may help, and what went wrong, in a few words."""
    if isinstance(exc, _RETRY):
        return True, _describe(exc)
    if isinstance(exc, dt.MicrosoftAPIerror):
        return _microsoft(exc.api_message)
    if isinstance(exc, _FATAL):
        return False, _describe(exc)
    if transport is not None:
        return isinstance(transport, _RETRY), _describe(transport)
    if isinstance(exc, IndexError):  # (DeepL's and Microsoft's answers list the translations)
        return False, "no translation in its answer (an empty list)"
    return False, f"unexpected answer ({type(exc).__name__}: {exc})"


def _microsoft(said: str) -> tuple[bool, str]:
    """Whether another try may help, and what Microsoft's error says: deep-translator holds
    its ``{"code": 401000, "message": …}`` as the text of a Python dict; its code is the HTTP
    status and three digits more.

    >>> _microsoft("{'code': 401000, 'message': 'Access denied'}")
    (False, 'the service refused the API key (HTTP 401): Access denied')
    """
    try:
        error = ast.literal_eval(said)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        error = None
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        return False, f"the service answered an error: {' '.join(said.split())}"
    status = error["code"] // 1000
    retry, words = _status(status)
    message = " ".join(str(error.get("message") or "").split())
    return retry or status in (429, 500, 503), f"{words}: {message}" if message else words


def _describe(exc: BaseException) -> str:
    if isinstance(exc, requests.Timeout):
        return f"no complete answer within {_TRANSPORT.timeout:g} s (the timeout)"
    if isinstance(exc, requests.ConnectionError):
        request = getattr(exc, "request", None)
        where = urlsplit(request.url).netloc if request is not None and request.url else ""
        return f"cannot connect to {where}" if where else "cannot connect"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the answer was cut off"
    if isinstance(exc, requests.exceptions.RetryError):
        return "the service kept answering errors"
    if isinstance(exc, requests.TooManyRedirects):
        limit = _TRANSPORT.http.session.max_redirects
        return f"redirected more than {limit} times (is the engine's url right?)"
    if isinstance(exc, requests.exceptions.JSONDecodeError):
        return f"unexpected answer (not JSON: {exc})"
    if isinstance(exc, requests.RequestException):
        return " ".join(f"request failed ({type(exc).__name__}: {exc})".split())
    if isinstance(exc, dt.TooManyRequests):
        return "rate limit reached (HTTP 429)"
    if isinstance(exc, dt.AuthorizationException):
        return "the service refused the API key"
    if isinstance(exc, dt.MicrosoftAPIerror):
        return _microsoft(exc.api_message)[1]
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(message).split())


def _no_controls(name: str, output: str) -> None:
    """Refuse an answer holding what no translation holds, as ``import`` refuses it: a control
    character (a NUL, which gettext reads as the end of the string), a noncharacter, or a
    bidirectional override. Drafted, it was cached, and every ``--refresh`` put it back."""
    found = control_character(output)
    what = f"a control character ({found[1]})" if found else None
    if what is None and (odd := noncharacter(output)) is not None:
        what = f"a noncharacter ({odd[1]})"
    if what is None and (problem := bidi_problem(output)) is not None:
        what = problem.partition(" shows ")[0].partition(";")[0]
    if what is not None:
        raise TextRefused(f"{name} returned an answer with {what}: no translation")
