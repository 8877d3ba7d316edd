"""Request ids for logs and the access log, the client address for lockout,
the language, the refusal of NUL characters, and no caching of what the
portal answers."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from kundval.errors import is_api, json_error

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
_client_request_id: ContextVar[str] = ContextVar("client_request_id", default="-")
_VALID_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id of the server's own making.

    The access log and our logs carry it, so it must not be chosen by the
    client: a forged or repeated id would muddle whose read a row records.
    A proxy's or client's X-Request-ID, if sane, is kept beside it in the
    log lines as `client=...`, marked as the client's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        incoming = request.headers.get("X-Request-ID", "")
        request.client_request_id = (
            incoming if _VALID_INCOMING_ID.match(incoming) else ""
        )
        token = _request_id.set(request.request_id)
        client_token = _client_request_id.set(request.client_request_id or "-")
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            _client_request_id.reset(client_token)
        response["X-Request-ID"] = request.request_id
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer whose view set none.

    Pages, files and API answers carry personal data (OSL 26 kap 1 §): no
    browser or proxy cache may keep a copy, and Back after logging out must not
    show it. A default here rather than a header per view, so a new view is
    covered without remembering. Static files are answered by WhiteNoise above
    this middleware and keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        record.client_request_id = _client_request_id.get()
        return True


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only from known proxies.

    With TRUSTED_PROXY_COUNT proxies in front, the client is that many entries
    from the right of X-Forwarded-For; anything further left can be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the person chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so
    a Swedish portal would greet most Swedes in English. Only the cookie the
    language switch sets counts here.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


NUL = "\x00"


class RefuseNulMiddleware:
    """A NUL character in the path, query string, cookies or a page's form
    fields is 400 before any view runs.

    PostgreSQL cannot store NUL in text, so such a value used to end in a 500
    wherever it reached a query. No person types one; refusing it here keeps
    every view, filter and form safe at once. Uploaded files are left to
    their readers (the CSV import names the row).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            return _bad_request(request)
        return self.get_response(request)


def _holds_nul(request) -> bool:
    if NUL in request.path or NUL in request.META.get("QUERY_STRING", ""):
        return True
    # Percent-encoded (%00) arrives decoded in GET, POST and COOKIES.
    sources = [request.GET, request.COOKIES]
    # Not the API's bodies: reading a multipart body here would leave DRF
    # an empty one; its parsers and fields (CharField refuses NUL) see them.
    if request.method == "POST" and not is_api(request):
        sources.append(request.POST)
    return any(
        NUL in key or NUL in value
        for source in sources
        for key, values in _lists(source)
        for value in values
    )


def _lists(source):
    if hasattr(source, "lists"):
        return source.lists()
    return ((key, [value]) for key, value in source.items())


def _bad_request(request):
    message = _("The request holds a NUL character, which is never valid here.")
    if is_api(request):
        return json_error(message, 400)
    return render(request, "400.html", {"message": message}, status=400)
