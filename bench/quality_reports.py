"""The annual quality reports at Stockholm size (issue 15): 20 000
customers, 200 providers, 1 200 000 visits in October 2026, every provider
authorized, with complaints, self-reports, sanctions and three years of
survey results, in a throw-away database (kundval_bench_reports).

Prints, from one run:
1. the time to render the largest provider's report (by customers: the
   municipality's own, 2 000 customers, 120 000 visits) through
   quality_report_pdf, its page count, and where the time goes (figures,
   WeasyPrint);
2. the time WeasyPrint takes for a plain HTML document of the same number
   of pages (paragraphs and tables, no Django), with the same pdf_variant;
3. their ratio (goal: within 2x);
4. the municipal summary's render time; the queries of one report, for the
   largest and the smallest provider
   (a fixed number: it does not grow with customers or visits);
5. a batch of 200 reports and the municipal summary through a real Celery
   worker (prefork, 2 processes) and Redis, started as a quality officer
   with report_batch_start: seconds and reports per second;
6. the worker's peak memory (VmHWM of its main process and each child).

Needs CELERY_BROKER_URL (`make bench` starts a private Redis without one).
BENCH_KEEPDB=1 keeps the database between runs, for working on it.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundval.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from authorization.models import (  # noqa: E402
    DEVIATION_KINDS,
    Announcement,
    Application,
    Authorization,
    Condition,
    LexSarahNature,
    OnBreach,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
    Severity,
)
from bench._world import (  # noqa: E402
    CUSTOMERS,
    PROVIDERS,
    throwaway_database,
    timed,
    visits_generate,
    world,
)
from customers.models import Choice  # noqa: E402
from followup.models import (  # noqa: E402
    Category,
    Channel,
    Complaint,
    ComplaintStatus,
    Question,
    Survey,
    SurveyKind,
    SurveyResult,
)
from followup.services import report_pdf  # noqa: E402
from followup.services.report_pdf import quality_report_pdf  # noqa: E402
from followup.services.reports import report_batch_start  # noqa: E402
from kundval.celery import app as celery_app  # noqa: E402
from kundval.models import Job, Membership, Municipality, Role  # noqa: E402
from providers.models import Provider  # noqa: E402

YEAR = 2026
DATABASE = "kundval_bench_reports"
# The municipality's own provider has the first 2 000 customers, the other
# 199 share the rest (about 90 each).
LARGEST_CUSTOMERS = 2_000
COMPLAINTS = 2_000
SELF_REPORTS = 1_000
BATCH_TIMEOUT_SECONDS = 3_600
RUNS = 5  # each single render timed as the best of five


def provider_of(n: int) -> int:
    return 0 if n < LARGEST_CUSTOMERS else 1 + n % (PROVIDERS - 1)


# The follow-up world ----------------------------------------------------------


def followup_world(municipality, service, user) -> None:
    """What the report's selectors read besides choices and visits: an
    authorization per provider, complaints, self-reports, sanctions and
    surveys, bulk-created."""
    now = timezone.now()
    providers = list(Provider.objects.order_by("pk"))
    call = Announcement.objects.create(
        service=service,
        title="Auktorisation hemtjänst",
        description="x",
        rates_summary="x",
        contact_name="x",
        contact_email="x@example.se",
        contact_phone="x",
        published_at=now,
    )
    applications = Application.objects.bulk_create(
        Application(provider=p, announcement=call, status="approved") for p in providers
    )
    authorizations = Authorization.objects.bulk_create(
        Authorization(
            application=a,
            provider_id=a.provider_id,
            service=service,
            valid_from=date(2024, 1, 1),
            contract_accepted_at=now,
        )
        for a in applications
    )
    area = municipality.areas.first()
    Authorization.areas.through.objects.bulk_create(
        Authorization.areas.through(authorization=a, area=area) for a in authorizations
    )
    _complaints(municipality, providers)
    _self_reports(authorizations, user)
    _sanctions(municipality, authorizations, user)
    _surveys(municipality, providers, user)


def _complaints(municipality, providers) -> None:
    categories, statuses = Category.values, ComplaintStatus.values
    start = datetime(YEAR, 1, 2, 9, tzinfo=timezone.get_current_timezone())
    complaints = []
    for n in range(COMPLAINTS):
        received = start + timedelta(hours=3 * n)
        serious = n % 20 == 0
        complaints.append(
            Complaint(
                municipality=municipality,
                # A tenth of them about the largest provider.
                provider=providers[0 if n % 10 == 0 else n % len(providers)],
                about_municipality=False,
                category=categories[n % len(categories)],
                text="Hemtjänsten kom inte.",
                serious=serious,
                serious_answers=["neglect"] if serious else [],
                anonymous=True,
                channel=Channel.WEB,
                status=statuses[n % len(statuses)],
                received_at=received,
                confirm_by=received.date() + timedelta(days=2),
                assign_by=received.date() + timedelta(days=5),
                answer_by=received.date() + timedelta(days=20),
            )
        )
    Complaint.objects.bulk_create(complaints)


def _self_reports(authorizations, user) -> None:
    kinds, statuses = ReportKind.values, ReportStatus.values
    reports = []
    for n in range(SELF_REPORTS):
        kind = kinds[n % len(kinds)]
        reports.append(
            Report(
                authorization=authorizations[
                    0 if n % 10 == 0 else n % len(authorizations)
                ],
                kind=kind,
                occurred_on=date(YEAR, 1, 1) + timedelta(days=n % 330),
                text="Avvikelse.",
                status=statuses[n % len(statuses)],
                reported_by=user,
                severity=Severity.LOW if kind in DEVIATION_KINDS else "",
                lex_sarah_nature=(
                    LexSarahNature.RISK if kind == ReportKind.LEX_SARAH else ""
                ),
            )
        )
    Report.objects.bulk_create(reports)


def _sanctions(municipality, authorizations, user) -> None:
    condition = Condition.objects.create(
        municipality=municipality,
        code="bemanning",
        title="Bemanning",
        text="Tillräcklig bemanning.",
        checked_at_follow_up=True,
        sanction=OnBreach.WARNING_OR_REVOCATION,
    )
    Sanction.objects.bulk_create(
        Sanction(
            authorization=a,
            condition=condition,
            kind=SanctionKind.WARNING,
            evidence="Uppföljning.",
            reasons="Brist.",
            effective_from=date(YEAR, 3, 1) + timedelta(days=n),
            decided_by=user,
        )
        for n, a in enumerate(authorizations[:20])
    )


def _surveys(municipality, providers, user) -> None:
    """Three years of the national survey and two of the municipality's
    own, every question, for every provider; a few under the minimum."""
    results = []
    for kind, years in (
        (SurveyKind.NATIONAL, (YEAR - 2, YEAR - 1, YEAR)),
        (SurveyKind.OWN, (YEAR - 1, YEAR)),
    ):
        for year in years:
            survey = Survey.objects.create(
                municipality=municipality, year=year, kind=kind, imported_by=user
            )
            for p, provider in enumerate(providers):
                for q, question in enumerate(Question.values):
                    value = (p + q + year) % 30
                    results.append(
                        SurveyResult(
                            survey=survey,
                            provider=provider,
                            question=question,
                            share_positive=(
                                Decimal(65 + value)
                                if kind == SurveyKind.NATIONAL
                                else None
                            ),
                            mean=(
                                Decimal("3.2") + Decimal(value) / 20
                                if kind == SurveyKind.OWN
                                else None
                            ),
                            answered=3 if p % 50 == 7 else 20 + value,
                        )
                    )
    SurveyResult.objects.bulk_create(results, batch_size=2_000)


def build() -> Municipality:
    municipality, service, _tariff, user = world(provider_of)
    visits_generate(municipality, service, user)
    followup_world(municipality, service, user)
    quality = get_user_model().objects.create(username="bench-quality")
    Membership.objects.create(
        user=quality, municipality=municipality, role=Role.QUALITY_OFFICER
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return municipality


# One report against plain WeasyPrint --------------------------------------------


def page_count(pdf: bytes) -> int:
    """Pages by poppler's pdfinfo (poppler-utils, as the tests use)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(  # noqa: S603 - a fixed program on our own file
            ["/usr/bin/pdfinfo", file.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return next(int(line.split()[1]) for line in info.splitlines() if "Pages:" in line)


def plain_html(sections: int) -> str:
    """A cover page, then paragraphs and a small table per section: the
    shape of the report without Django, its SVG charts or its CSS."""
    rows = "".join(
        f"<tr><td>Månad {m}</td><td>{m * 37}</td><td>{m * 35}</td><td>9{m} %</td></tr>"
        for m in range(1, 7)
    )
    text = (
        "<p>Uppgifterna avser anordnarens verksamhet i kommunen under året, "
        "sammanställda ur beslut, besök, klagomål och egenrapporter. Siffrorna "
        "gäller grupper, aldrig en enskild kund.</p>"
    )
    section = (
        "<h2>Avsnitt {n}</h2>" + text * 2 + "<table><caption>Tabell {n}</caption>"
        "<thead><tr><th>Månad</th><th>Beviljat</th><th>Utfört</th><th>Andel</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    body = "".join(section.format(n=n) for n in range(sections))
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        "<title>Kvalitetsrapport</title><style>@page { size: A4; margin: 2cm }"
        " body { font-family: DejaVu Sans, sans-serif; font-size: 10pt }"
        " .cover { page-break-after: always }"
        " table { width: 100%; margin-bottom: 5mm }"
        " th, td { border-bottom: 0.5pt solid #999; padding: 1mm }</style></head>"
        f'<body><div class="cover"><h1>Kvalitetsrapport {YEAR}</h1>'
        f"<p>Anordnare 0, Benchholm</p></div>{body}</body></html>"
    )


def plain_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def plain_of_pages(pages: int) -> str:
    """A plain document of exactly `pages` pages (laid out, not timed)."""
    from weasyprint import HTML

    def count(sections: int) -> int:
        return len(HTML(string=plain_html(sections)).render().pages)

    sections = 1
    while count(sections) < pages:
        sections *= 2
    low, high = sections // 2, sections  # count(low) < pages <= count(high)
    while high - low > 1:
        middle = (low + high) // 2
        if count(middle) < pages:
            low = middle
        else:
            high = middle
    return plain_html(high)


class Clock:
    """Times every call of `owner.name` while in use (bench only: the
    report's code is not changed, the attribute is wrapped and restored)."""

    def __init__(self, owner, name: str):
        self.owner, self.name, self.seconds = owner, name, 0.0
        self.original = getattr(owner, name)

    def __enter__(self):
        clock, original = self, self.original

        def timed_call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                clock.seconds += time.perf_counter() - started

        setattr(self.owner, self.name, timed_call)
        return self

    def __exit__(self, *exc):
        setattr(self.owner, self.name, self.original)


def best(action) -> float:
    """The fastest of RUNS runs, in seconds: the machine is shared, and the
    fastest run is the one least disturbed."""
    seconds = []
    for _run in range(RUNS):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return min(seconds)


def show(label: str, value, unit: str = "") -> None:
    shown = f"{value:8.2f}" if isinstance(value, float) else f"{value:8}"
    print(f"{label:58} {shown} {unit}".rstrip(), flush=True)


def providers_by_customers(municipality_id: int) -> list[tuple[int, int]]:
    """(provider, customers) of the year's choices, most customers first."""
    return list(
        Choice.objects.filter(decision__customer__municipality_id=municipality_id)
        .values_list("provider")
        .annotate(n=Count("decision__customer", distinct=True))
        .order_by("-n", "provider")
    )


def one_report(municipality: Municipality) -> None:
    ranked = providers_by_customers(municipality.pk)
    (largest, customers), (smallest, few) = ranked[0], ranked[-1]
    print(f"largest provider: {largest}, {customers} customers", flush=True)

    def render(provider_id: int) -> bytes:
        return quality_report_pdf(
            municipality_id=municipality.pk, provider_id=provider_id, year=YEAR
        )

    render(largest)  # warm: templates, fonts, the database's cache
    from weasyprint import HTML

    runs = []
    for _run in range(RUNS):
        with (
            Clock(HTML, "write_pdf") as weasyprint,
            Clock(report_pdf, "provider_report") as figures,
            CaptureQueriesContext(connection) as queries,
        ):
            started = time.perf_counter()
            pdf = render(largest)
            seconds = time.perf_counter() - started
        runs.append((seconds, weasyprint.seconds, figures.seconds, queries, pdf))
    report, weasyprint, figures, queries, pdf = min(runs, key=lambda run: run[0])
    in_sql = sum(float(q["time"]) for q in queries.captured_queries)
    pages = page_count(pdf)
    show(f"render the largest provider's report (best of {RUNS})", report, "s")
    show("  its pages", pages)
    show("  of which WeasyPrint (layout and write_pdf)", weasyprint, "s")
    show("  of which the figures (provider_report)", figures, "s")
    show(f"    of which in SQL ({len(queries)} queries)", in_sql, "s")
    show(
        "  of which the rest (charts, template, HTML parsing)",
        report - weasyprint - figures,
        "s",
    )
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        sql = " ".join(query["sql"].split())[:44]
        show(f"    slow query: {sql}", float(query["time"]), "s")

    html = plain_of_pages(pages)
    plain_pdf(html)  # warm
    plain = best(lambda: plain_pdf(html))
    show(f"plain WeasyPrint, same pages, pdf/ua-1 (best of {RUNS})", plain, "s")
    show("  its pages", page_count(plain_pdf(html)))
    print(f"{'ratio report / plain WeasyPrint':58} {report / plain:8.1f} x (goal: 2 x)")

    timed(
        "render the municipal summary (all providers)",
        lambda: report_pdf.municipal_summary_pdf(
            municipality_id=municipality.pk, year=YEAR
        ),
    )
    for label, provider_id, n in (
        ("largest", largest, customers),
        ("smallest", smallest, few),
    ):
        with CaptureQueriesContext(connection) as queries:
            render(provider_id)
        print(
            f"{f'queries of one render, {label} provider ({n} customers)':58}"
            f" {len(queries):8}"
        )


# The batch on a real worker ---------------------------------------------------


def database_environment() -> dict:
    """Environment that points the worker at the bench database."""
    db = connection.settings_dict
    if "DATABASE_URL" not in os.environ:
        return {"KUNDVAL_DB_NAME": db["NAME"]}  # the private cluster's socket
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return {
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"
    }


def peak_memory(pid: int) -> list[tuple[int, int]]:
    """(pid, VmHWM in kB) of the process and its children."""
    found = []
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for each in [pid, *map(int, children)]:
        status = Path(f"/proc/{each}/status").read_text()
        kb = next(
            int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM")
        )
        found.append((each, kb))
    return found


def wait_ready(name: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if celery_app.control.ping(destination=[name], timeout=1):
            return
    raise RuntimeError("The Celery worker did not answer within 120 s.")


def batch(municipality: Municipality) -> None:
    if not settings.CELERY_BROKER_URL:
        print("batch: not run (no CELERY_BROKER_URL; `make bench` starts Redis)")
        return
    queue = f"kundval-bench-{uuid.uuid4().hex[:12]}"
    name = f"{queue}@{os.uname().nodename}"
    media = tempfile.TemporaryDirectory(prefix="kundval-bench-")
    environment = {
        **os.environ,
        **database_environment(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "PRIVATE_MEDIA_ROOT": media.name,
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "kundval", "worker"),
        *("-P", "prefork", "-c", "2", "-Q", queue, "-n", name),
        *("--without-gossip", "--without-mingle", "-l", "WARNING"),
    ]
    print(f"worker: {' '.join(command[1:])}", flush=True)
    worker = subprocess.Popen(command, env=environment)  # noqa: S603 - fixed
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        wait_ready(name)
        officer = get_user_model().objects.get(username="bench-quality")
        started = time.perf_counter()
        job = report_batch_start(
            user=officer, municipality_id=municipality.pk, year=YEAR
        )
        print(f"batch: {job.steps} parts (providers and the summary)", flush=True)
        shown = time.perf_counter()
        while time.perf_counter() - started < BATCH_TIMEOUT_SECONDS:
            job.refresh_from_db()
            if job.status in (Job.Status.DONE, Job.Status.FAILED):
                break
            if time.perf_counter() - shown > 60:
                print(f"  ... {job.steps_done}/{job.steps} parts", flush=True)
                shown = time.perf_counter()
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        made = job.steps_done
        print(f"{'batch status':58} {job.status:>8} {job.message}")
        label = f"batch of {made} reports, real worker (prefork, 2)"
        print(f"{label:58} {seconds:8.2f} s")
        print(f"{'  reports per second':58} {made / seconds:8.2f}")
        for pid, kb in peak_memory(worker.pid):
            role = "main" if pid == worker.pid else "child"
            label = f"  worker peak memory (VmHWM), {role} {pid}"
            print(f"{label:58} {kb / 1024:8.1f} MB")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        with celery_app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)
        media.cleanup()


def main() -> None:
    with throwaway_database(DATABASE):
        municipality = Municipality.objects.filter(slug="benchholm").first()
        if municipality is None:
            _seconds, municipality = timed(
                f"build the world ({CUSTOMERS} customers, {PROVIDERS} providers)",
                build,
            )
        one_report(municipality)
        batch(municipality)


if __name__ == "__main__":
    main()
