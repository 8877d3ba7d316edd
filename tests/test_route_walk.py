"""Every route, as every role its policy allows, with every form it shows.

Generated from tests.routes.ROUTES over the world of tests.walk_world, like
the access matrix is for outsiders. For each route and role:

- a GET never answers 500;
- every answer that shows the world's customer (by name or identity number,
  in a page, an API answer, a CSV, or the HTML a PDF was made from) wrote
  exactly one access-log row for that customer, with the request id the
  server gave the answer, and no answer logs a customer twice;
- every <form> on the page is submitted as rendered and with empty,
  oversized, malformed, NUL-bearing, script-bearing and odd-unicode values:
  never a 500, a rejected submission changes no table, and a script value
  never comes back unescaped.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import resolve
from rest_framework.test import APIClient

import kundval.pdf
from kundval.access import DJANGO_ADMIN, policy_of
from kundval.models import AccessLog
from tests.headers import assert_house_headers
from tests.html_forms import Form, forms_of
from tests.routes import ROUTES, samples, url_of
from tests.walk_world import (
    CUSTOMER_NAME,
    IDENTITY_NUMBER,
    REASONS,
    WORLD_PK,
    align_sequences,
    build_world,
    our_tables,
    restore_sequences,
)

pytestmark = pytest.mark.django_db
ROLES = ("administrator", "case_officer", "finance_officer", "quality_officer")
ACTORS = (*ROLES, "provider_user")
SCRIPT = "<script>alert(1)</script>"
MALFORMED = {
    "date": "2026-02-31",
    "month": "9999-99",
    "time": "25:61",
    "number": "1e999",
    "email": "@@",
}
# Well-formed but at the edge of what the date and number types hold.
EXTREME = {"date": "9999-12-31", "month": "9999-12", "number": "9" * 30}
# How to fill a form: as the page rendered it, or with hostile values
# (each a function of the field it fills).
FILLS = {
    "as rendered": lambda f: f.value,
    "empty": lambda f: "",
    "oversized": lambda f: "x" * 100_000,
    "malformed": lambda f: MALFORMED.get(f.kind, "12,5.3.1-"),
    "extreme": lambda f: EXTREME.get(f.kind, "-" + "9" * 30),
    "nul": lambda f: "a\x00b",
    "script": lambda f: SCRIPT,
    "unicode": lambda f: "\u202eÅ\u0301😀\ufeff\u200b",
}


def _cases():
    for pattern, groups, name in ROUTES:
        policy = policy_of(pattern.callback)
        if policy == DJANGO_ADMIN or policy is None:
            continue  # Django's admin is Django's; undeclared fails the matrix
        roles = ["anonymous"] if policy.public else sorted(policy.roles)
        for role in roles:
            yield pytest.param(name, groups, role, id=f"{name}-{pattern}-{role}")


CASES = list(_cases())
# What the user types is filled with hostile values; what the page chose
# (hidden ids, the pressed button, options) stays as rendered, so each
# submission gets past the choice of action to the values it carries. One
# more submission tampers with the chosen values too (all but the button).
CHOSEN = {"hidden", "submit", "select", "checkbox", "radio"}
TAMPERED = "-1x\x00"
# Forms already walked (by target, method and fields): the language switch
# and the like are on every page and need walking once.
WALKED: set[tuple] = set()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, in a transaction rolled back at its end."""
    media = tmp_path_factory.mktemp("walk-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
    ):
        saved = align_sequences()
        with transaction.atomic():
            world = build_world()
            world["media"] = media
            yield world
            transaction.set_rollback(True)
        restore_sequences(saved)


@pytest.fixture(autouse=True)
def private_media(settings, world):
    """The world's files stay where it stored them."""
    settings.MEDIA_ROOT = world["media"]


@pytest.fixture(autouse=True)
def pdf_html(monkeypatch):
    """The HTML each PDF is made from: a PDF shows what its HTML shows."""
    rendered = []
    real = kundval.pdf.render_to_string

    def keep(*args, **kwargs):
        rendered.append(real(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(kundval.pdf, "render_to_string", keep)
    return rendered


def _client(world, role) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_login(world[role])
    return client


def _text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode(errors="replace")


def _shows_customer(response, text: str) -> bool:
    digits = IDENTITY_NUMBER.replace("-", "")
    marks = {CUSTOMER_NAME, REASONS, IDENTITY_NUMBER, digits}
    if any(mark in text for mark in {*marks, IDENTITY_NUMBER[2:], digits[2:]}):
        return True
    is_json = response.get("Content-Type", "").startswith("application/json")
    return is_json and _names_customer(json.loads(text or "null"))


def _names_customer(value) -> bool:
    """An API answer about the customer by her id alone (a visit's
    `"customer": 42`) shows her data too."""
    if isinstance(value, list):
        return any(_names_customer(item) for item in value)
    if not isinstance(value, dict):
        return False
    if value.get("customer") == WORLD_PK or value.get("customer_id") == WORLD_PK:
        return True
    return any(_names_customer(item) for item in value.values())


def _check_access_log(world, response, since: int, pdf_html, where: str) -> None:
    shown = _shows_customer(response, _text(response)) or any(
        _shows_customer(response, html) for html in pdf_html
    )
    pdf_html.clear()
    logged = [row.customer_id for row in AccessLog.objects.filter(pk__gt=since)]
    if shown:
        assert logged == [world["customer"].pk], f"access log: {where}"
    else:  # acting on a customer (a removal, say) may log without showing
        assert len(logged) == len(set(logged)), f"logged twice: {where}"
    rows = AccessLog.objects.filter(pk__gt=since)
    request_id = response.get("X-Request-ID")
    assert all(row.request_id == request_id for row in rows), f"request id: {where}"


def _last_log_id() -> int:
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _queries(world) -> list[dict]:
    """No query, then sample values for the query parameters views read (a
    view ignores the others): the world's customer, provider, municipality
    and the month it has data in. The municipality goes once by slug (the
    public filters) and once by id (the month forms)."""
    month = f"{world['month']:%Y-%m}"
    query = {
        **{"customer": WORLD_PK, "anordnare": WORLD_PK},
        **{"municipality": world["municipality"].slug},
        **{"month": month, "manad": month},
    }
    return [{}, query, {**query, "municipality": WORLD_PK}]


def _get(world, url, query, role, pdf_html):
    since = _last_log_id()
    response = _client(world, role).get(url, query)
    where = f"GET {url} {query} as {role}"
    assert response.status_code < 500, where
    assert_house_headers(response)
    _check_access_log(world, response, since, pdf_html, where)
    return response


def _forms(response) -> list[Form]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    return forms_of(_text(response))


def _row_counts() -> dict[str, int]:
    """Rows in each of our tables but the access log (a rejected submission
    may still be a logged read: its page is shown again)."""
    tables = [t for t in our_tables() if t != AccessLog._meta.db_table]
    query = " UNION ALL ".join(f'SELECT %s, count(*) FROM "{t}"' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(query, tables)
        return dict(cursor.fetchall())


def _fillings(form: Form):
    for fill in FILLS.values():
        yield form.data(lambda f, fill=fill: f.value if f.kind in CHOSEN else fill(f))
    yield form.data(lambda f: f.value if f.kind == "submit" else TAMPERED)


def _refused(response) -> bool:
    """A submission is done when it redirects or hands over a file (the
    finance export); anything else (the form again, an error) refused it."""
    done = 300 <= response.status_code < 400 or (
        response.status_code == 200
        and response.get("Content-Disposition", "").startswith("attachment")
    )
    return not done


def _submit(world, role, page_url: str, form: Form, values: dict, pdf_html):
    target = urlsplit(form.action).path or page_url
    client = _client(world, role)
    counts, since = _row_counts(), _last_log_id()
    send = client.post if form.method == "post" else client.get
    response = send(target, values)
    where = f"{form.method.upper()} {target} from {page_url} as {role}"
    assert response.status_code < 500, where
    assert_house_headers(response)
    if _refused(response):
        assert _row_counts() == counts, f"changed tables though refused: {where}"
    if response.get("Content-Type", "").startswith("text/html"):
        assert SCRIPT not in _text(response), f"unescaped script: {where}"
    _check_access_log(world, response, since, pdf_html, where)
    return response


@pytest.mark.parametrize("name,groups,role", CASES)
def test_route_as_role(world, name, groups, role, pdf_html):
    url = url_of(name, groups, samples(slug=world["municipality"].slug, pk=WORLD_PK))
    # Bare, and with the sample queries (which a page's own filter may refuse).
    answers = [_get(world, url, query, role, pdf_html) for query in _queries(world)]
    forms = [form for answer in answers for form in _forms(answer)]
    if "POST" in answers[0].get("Allow", ""):  # POST only: sent empty too
        forms.append(Form(action=url, method="post"))
    for form in forms:
        target = urlsplit(form.action).path or url
        key = (target, form.method, tuple(f.name for f in form.fields))
        if key in WALKED or resolve(target).url_name == "logout":
            continue  # logging out ends the session the rest of the walk needs
        WALKED.add(key)
        for values in _fillings(form):
            with transaction.atomic():  # each submission from the same world
                _submit(world, role, url, form, values, pdf_html)
                transaction.set_rollback(True)
