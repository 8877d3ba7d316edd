"""The annual quality reports as a batch: the parts (providers + summary),
idempotence, versions and replacing, one batch at a time, publishing,
scope, the downloads, the open data API, and a broker that is down."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from followup.models import QualityReport
from followup.services import reports as service
from followup.services.reports import (
    quality_report_make,
    report_batch_start,
    report_publish,
)
from kundval.celery import app as celery_app
from kundval.models import Job
from tests.factories import (
    AreaFactory,
    ProviderFactory,
    ServiceFactory,
    authorize,
)

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def three(world):
    """Two more providers authorized in the municipality this year."""
    service_ = ServiceFactory(
        municipality=world["municipality"], slug="ledsagning", name="Ledsagning"
    )
    area = AreaFactory(municipality=world["municipality"])
    for _ in range(2):
        authorize(ProviderFactory(), service_, [area])
    return world


def _start(world, capture, *, replace=False, user=None):
    with capture(execute=True) as callbacks:
        job = report_batch_start(
            user=user or world["quality"],
            municipality_id=world["municipality"].pk,
            year=YEAR,
            replace=replace,
        )
    job.refresh_from_db()
    return job, callbacks


def _reports(world):
    return QualityReport.objects.filter(municipality=world["municipality"], year=YEAR)


def test_a_batch_makes_one_report_per_provider_and_the_summary(
    three, django_capture_on_commit_callbacks, settings
):
    job, callbacks = _start(three, django_capture_on_commit_callbacks)
    assert len(callbacks) == 4  # three providers and the municipal summary
    assert (job.status, job.steps, job.steps_done, job.progress) == (
        Job.Status.DONE,
        4,
        4,
        100,
    )
    reports = list(_reports(three))
    assert len(reports) == 4
    assert sum(r.provider_id is None for r in reports) == 1
    assert three["other_provider"].pk not in {r.provider_id for r in reports}
    for report in reports:
        data = report.file.read()
        assert data.startswith(b"%PDF")
        assert (report.size, report.sha256) == (
            len(data),
            hashlib.sha256(data).hexdigest(),
        )
        assert report.version == 1 and report.job_id == job.pk
        # Private storage: under MEDIA_ROOT, never under the static files.
        assert report.file.path.startswith(str(settings.MEDIA_ROOT))


def test_a_second_run_makes_nothing_and_replace_makes_version_two(
    world, django_capture_on_commit_callbacks
):
    _start(world, django_capture_on_commit_callbacks)
    again, callbacks = _start(world, django_capture_on_commit_callbacks)
    assert callbacks == []
    assert (again.status, again.progress) == (Job.Status.DONE, 100)
    assert _reports(world).count() == 2
    first = _reports(world).get(provider=world["provider"])
    report_publish(user=world["quality"], report=first)
    replaced, callbacks = _start(
        world, django_capture_on_commit_callbacks, replace=True
    )
    assert len(callbacks) == 2 and replaced.status == Job.Status.DONE
    versions = _reports(world).filter(provider=world["provider"]).order_by("version")
    assert [(r.version, r.published) for r in versions] == [(1, True), (2, False)]
    assert _reports(world).filter(provider=None).count() == 2


def test_skipped_reports_count_as_done_at_once(
    three, django_capture_on_commit_callbacks
):
    _start(three, django_capture_on_commit_callbacks)
    _reports(three).filter(provider=three["provider"]).delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = report_batch_start(
            user=three["quality"], municipality_id=three["municipality"].pk, year=YEAR
        )
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.steps, job.steps_done, job.progress) == (4, 3, 75)


def test_a_second_batch_is_refused_while_one_runs(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = report_batch_start(
            user=world["quality"], municipality_id=world["municipality"].pk, year=YEAR
        )
    assert job.status == Job.Status.QUEUED
    with pytest.raises(ValidationError, match="håller redan på att skapas"):
        report_batch_start(
            user=world["quality"],
            municipality_id=world["municipality"].pk,
            year=YEAR,
            replace=True,
        )
    assert Job.objects.count() == 1


def test_only_the_municipality_s_quality_officer_starts_or_publishes(
    world, django_capture_on_commit_callbacks
):
    for user in (world["other_quality"], world["case_officer"], world["provider_user"]):
        with pytest.raises(PermissionDenied):
            report_batch_start(
                user=user, municipality_id=world["municipality"].pk, year=YEAR
            )
    assert not Job.objects.exists()
    _start(world, django_capture_on_commit_callbacks)
    report = _reports(world).first()
    with pytest.raises(PermissionDenied):
        report_publish(user=world["other_quality"], report=report)


def test_a_task_delivered_twice_makes_the_report_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = report_batch_start(
            user=world["quality"], municipality_id=world["municipality"].pk, year=YEAR
        )
    for _delivery in range(2):
        quality_report_make(job_id=job.pk, provider_id=world["provider"].pk, year=YEAR)
    job.refresh_from_db()
    assert (job.steps_done, job.status) == (1, Job.Status.RUNNING)
    assert _reports(world).filter(provider=world["provider"]).count() == 1
    assert len(callbacks) == 2


def test_a_conflicting_row_deletes_its_file(world, monkeypatch, tmp_path, settings):
    """Two deliveries at once: the loser's file is not left behind."""
    job = Job.objects.create(
        kind="quality-reports", municipality=world["municipality"], steps=2
    )
    provider = world["provider"].pk
    quality_report_make(job_id=job.pk, provider_id=provider, year=YEAR)
    monkeypatch.setattr(
        QualityReport.objects, "filter", _filter_hiding_the_first(QualityReport)
    )
    quality_report_make(job_id=job.pk, provider_id=provider, year=YEAR)
    files = list((settings.MEDIA_ROOT / "quality-reports").rglob("*.pdf"))
    assert len(files) == 1
    job.refresh_from_db()
    assert job.steps_done == 1 and job.status == Job.Status.RUNNING


def _filter_hiding_the_first(model):
    """The second delivery does not see the first's row until it inserts."""
    real = model.objects.filter
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1 and "job_id" in kwargs:
            return model.objects.none()
        return real(*args, **kwargs)

    return fake


def test_a_report_that_fails_fails_the_job_with_a_reason(world, monkeypatch):
    job = Job.objects.create(
        kind="quality-reports", municipality=world["municipality"], steps=2
    )

    def broken(*_args):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(service, "_render", broken)
    quality_report_make(job_id=job.pk, provider_id=world["provider"].pk, year=YEAR)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "kunde inte skapas" in job.message
    assert not QualityReport.objects.exists()


def test_one_published_version_per_report_in_the_database(
    world, django_capture_on_commit_callbacks
):
    _start(world, django_capture_on_commit_callbacks)
    _start(world, django_capture_on_commit_callbacks, replace=True)
    one, two = _reports(world).filter(provider=None).order_by("version")
    report_publish(user=world["quality"], report=one)
    report_publish(user=world["quality"], report=two)
    one.refresh_from_db()
    assert (one.published, two.published) == (False, True)
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityReport.objects.filter(pk=one.pk).update(published_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityReport.objects.filter(pk=one.pk).update(version=2)


# Pages and downloads


def _published(world, capture):
    _start(world, capture)
    report = _reports(world).get(provider=world["provider"])
    return report_publish(user=world["quality"], report=report)


def test_the_page_lists_versions_and_starts_a_batch(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["quality"])
    page = reverse("report-list")
    query = {"municipality": world["municipality"].pk, "year": YEAR}
    assert world["provider"].name in client.get(page, query).text
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("report-batch"), query)
    assert answer.status_code == 302
    text = client.get(page, query).text
    assert "Ladda ner version 1" in text
    assert _reports(world).count() == 2
    report = _reports(world).get(provider=None)
    assert client.post(reverse("report-publish", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.published


def test_downloads_are_for_the_quality_unit_and_the_provider_itself(
    client, world, django_capture_on_commit_callbacks
):
    _start(world, django_capture_on_commit_callbacks)
    own = _reports(world).get(provider=world["provider"])
    summary = _reports(world).get(provider=None)
    url = reverse("report-download", args=[own.pk])

    client.force_login(world["quality"])
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment")
    assert b"".join(answer.streaming_content).startswith(b"%PDF")

    client.force_login(world["other_quality"])
    assert client.get(url).status_code == 404
    client.force_login(world["provider_user"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("report-download", args=[summary.pk])).status_code == 404
    client.force_login(world["other_provider_user"])
    assert client.get(url).status_code == 404
    client.force_login(world["case_officer"])
    assert client.get(url).status_code == 403


def test_the_public_link_serves_only_a_published_version(
    client, world, django_capture_on_commit_callbacks
):
    report = _published(world, django_capture_on_commit_callbacks)
    unpublished = _reports(world).get(provider=None)
    answer = client.get(reverse("report-public", args=[report.pk]))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    assert (
        client.get(reverse("report-public", args=[unpublished.pk])).status_code == 404
    )


def test_open_data_lists_the_published_reports(
    client, world, django_capture_on_commit_callbacks
):
    report = _published(world, django_capture_on_commit_callbacks)
    url = reverse("quality-report-api-list")
    body = client.get(url).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 1
    row = rows[0]
    assert row["municipality"] == world["municipality"].slug
    assert row["provider_name"] == world["provider"].name
    assert (row["year"], row["version"]) == (YEAR, 1)
    assert row["url"].endswith(reverse("report-public", args=[report.pk]))
    for query, count in [
        ({"year": YEAR}, 1),
        ({"year": YEAR - 1}, 0),
        ({"municipality": "nowhere"}, 0),
        ({"provider": world["provider"].organisation_number}, 1),
        ({"provider": world["other_provider"].organisation_number}, 0),
    ]:
        body = client.get(url, query).json()
        assert len(body["results"] if isinstance(body, dict) else body) == count
    assert client.get(url, {"year": "x"}).status_code == 400


# The broker down


CLOSED_PORT = "redis://127.0.0.1:9/0"


def _point_celery_at(url: str) -> None:
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = url
    # Connections and producers made for the old address are dropped.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Tasks go to a broker on a closed port, as with Redis stopped."""
    previous = celery_app.conf.broker_write_url
    celery_app.conf.task_always_eager = False
    _point_celery_at(CLOSED_PORT)
    yield
    _point_celery_at(previous)


def test_with_the_broker_down_nothing_is_started_and_pages_work(
    client, world, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(world["quality"])
    query = {"municipality": world["municipality"].pk, "year": YEAR}
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("report-batch"), query, follow=True)
    assert answer.status_code == 200
    assert "Rapporterna kunde inte köas" in answer.text
    assert not Job.objects.exists()
    assert not QualityReport.objects.exists()
    for page in (reverse("report-list"), reverse("start-quality")):
        assert client.get(page, query).status_code == 200


def test_a_broker_lost_after_the_check_fails_the_job(
    world, monkeypatch, broker_down, django_capture_on_commit_callbacks
):
    """Down between the check and the commit: the job is failed, with the
    reason, not left queued."""
    monkeypatch.setattr(service, "_broker_ready", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        job = report_batch_start(
            user=world["quality"], municipality_id=world["municipality"].pk, year=YEAR
        )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "kunde inte köas" in job.message


def test_a_year_out_of_range_is_refused(world):
    with pytest.raises(ValidationError):
        report_batch_start(
            user=world["quality"], municipality_id=world["municipality"].pk, year=1999
        )


def test_a_provider_authorized_later_is_not_in_the_year(world):
    from followup.selectors.reports import providers_reported

    assert (
        providers_reported(municipality_id=world["municipality"].pk, year=YEAR - 1)
        == []
    )
    this_year = providers_reported(municipality_id=world["municipality"].pk, year=YEAR)
    assert this_year == [world["provider"].pk]


def test_a_part_starting_after_another_failed_keeps_the_first_reason(world):
    job = Job.objects.create(
        kind="quality-reports", municipality=world["municipality"], steps=2
    )
    stale = Job.objects.get(pk=job.pk)  # read while still queued
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message="Först.")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Job.objects, "get", lambda **_kw: stale)
        quality_report_make(job_id=job.pk, provider_id=world["provider"].pk, year=YEAR)
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "Först.")
    assert not QualityReport.objects.exists()
