"""The annual quality reports as a background job (issue 15 item 7).

`report_batch_start` queues one task per provider authorized in the
municipality during the year, plus one for the municipal summary, as the
parts of one Job whose progress the quality unit's page follows. Without
`replace`, a report that already has a version is skipped (its part counts
as done at once); with it, a new version is made and older ones are kept.

`quality_report_make` (the task's work) renders the PDF, writes the file to
private storage, then creates the row and counts the part in one
transaction. The row is unique per job and provider, so a task delivered
again (a worker killed mid-batch; the task acknowledges late) finds it and
does nothing: each report of a batch exists exactly once and each part is
counted once. A file whose row never committed points nowhere; on a
conflict it is deleted at once.

The broker is asked before anything is created: with Redis down the
officer is told that nothing could be queued, and no Job row is left."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from followup import tasks
from followup.models import QualityReport
from followup.models.reports import FIRST_YEAR, LAST_YEAR, report_path
from followup.selectors.reports import providers_reported, report_batch_kind
from followup.services.report_pdf import municipal_summary_pdf, quality_report_pdf
from kundval.celery import app as celery_app
from kundval.models import Job, Municipality, Role
from kundval.scoping import check_role
from kundval.services import job_advance, job_create, job_fail, job_step_done

QUALITY = Role.QUALITY_OFFICER
ENDED = (Job.Status.DONE, Job.Status.FAILED)
RUNNING = (Job.Status.QUEUED, Job.Status.RUNNING)
BROKER_TIMEOUT_SECONDS = 2
logger = logging.getLogger(__name__)


def not_queued_message() -> str:
    return _(
        "The reports could not be queued: the job queue does not answer. "
        "Nothing was started. Try again in a while, or ask the administrator."
    )


def report_batch_start(
    *, user, municipality_id: int, year: int, replace: bool = False
) -> Job:
    """Queue the year's reports; the tasks start once this commits."""
    check_role(user, QUALITY, municipality_id=municipality_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("Give a year from 2000 to 2100."))
    kind = report_batch_kind(year)
    with transaction.atomic():
        # One batch start at a time per municipality: the row lock orders them.
        Municipality.objects.select_for_update().get(pk=municipality_id)
        running = Job.objects.filter(
            kind=kind, municipality_id=municipality_id, status__in=RUNNING
        )
        if running.exists():
            raise ValidationError(
                _("The reports for %(year)s are being made already.") % {"year": year}
            )
        targets = [
            *providers_reported(municipality_id=municipality_id, year=year),
            None,
        ]
        made = set(
            QualityReport.objects.filter(
                municipality_id=municipality_id, year=year
            ).values_list("provider_id", flat=True)
        )
        todo = targets if replace else [t for t in targets if t not in made]
        if not todo:
            return Job.objects.create(
                kind=kind,
                municipality_id=municipality_id,
                created_by=user,
                status=Job.Status.DONE,
                progress=100,
                steps=len(targets),
                steps_done=len(targets),
                message=_("Every report of the year exists already; nothing was made."),
            )
        _broker_ready()
        job = job_create(
            kind=kind,
            task=_Queue(),
            user=user,
            municipality_id=municipality_id,
            parts=[(provider_id, year) for provider_id in todo],
        )
        skipped = len(targets) - len(todo)
        if skipped:
            job.steps, job.steps_done = len(targets), skipped
            job.progress = 100 * skipped // len(targets)
            job.save(update_fields=["steps", "steps_done", "progress", "updated_at"])
    return job


def _broker_ready() -> None:
    """Refuse (ValidationError) when the broker does not answer, before any
    row is made. Tasks running eagerly (no broker configured) need none."""
    if celery_app.conf.task_always_eager:
        return
    try:
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:  # kombu raises many kinds; all mean "not reachable"
        logger.warning("Quality reports: the broker does not answer: %s", error)
        raise ValidationError(not_queued_message()) from error


class _Queue:
    """What job_create queues on commit. Should the broker fail between the
    check and the commit, the job is marked failed with the reason rather
    than left queued for ever."""

    def delay(self, job_id: int, provider_id: int | None, year: int) -> None:
        try:
            tasks.make_quality_report.delay(job_id, provider_id, year)
        except Exception:
            logger.exception("Quality reports: job %s could not be queued.", job_id)
            job_fail(job_id=job_id, message=not_queued_message())


def quality_report_make(*, job_id: int, provider_id: int | None, year: int) -> None:
    """One part of a batch: one report, made once however often the task is
    delivered. A failure marks the job failed with the reason and does not
    raise (a web process running tasks eagerly shows the failed job)."""
    job = Job.objects.get(pk=job_id)
    if job.status in ENDED:
        return
    if QualityReport.objects.filter(job_id=job_id, provider_id=provider_id).exists():
        return  # an earlier delivery made it and counted its part
    try:
        if job.status == Job.Status.QUEUED:
            # A part running beside it may have failed the job meanwhile: the
            # refusal then lands in job_fail, which leaves the first reason.
            job_advance(job_id=job_id, status=Job.Status.RUNNING)
        pdf = _render(job.municipality_id, provider_id, year)
        _store(job, provider_id, year, pdf)
    except Exception:
        logger.exception("Quality reports: job %s, a report failed.", job_id)
        job_fail(
            job_id=job_id,
            message=_(
                "A report could not be made; the reports made before it are "
                "kept. The error is in the server's log: start the batch "
                "again once it is fixed (the reports made are skipped)."
            ),
        )


def _render(municipality_id: int, provider_id: int | None, year: int) -> bytes:
    if provider_id is None:
        return municipal_summary_pdf(municipality_id=municipality_id, year=year)
    return quality_report_pdf(
        municipality_id=municipality_id, provider_id=provider_id, year=year
    )


def _store(job: Job, provider_id: int | None, year: int, pdf: bytes) -> None:
    """Write the file, then the row and the count in one transaction; on a
    conflict (another delivery got there first) the file goes again."""
    same = QualityReport.objects.filter(
        municipality_id=job.municipality_id, provider_id=provider_id, year=year
    )
    version = (same.aggregate(last=Max("version"))["last"] or 0) + 1
    report = QualityReport(
        municipality_id=job.municipality_id,
        provider_id=provider_id,
        year=year,
        version=version,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        job_id=job.pk,
    )
    name = default_storage.save(report_path(report, "report.pdf"), ContentFile(pdf))
    report.file.name = name
    try:
        with transaction.atomic():
            report.save()
            job_step_done(job_id=job.pk)
    except IntegrityError:
        default_storage.delete(name)
        if not QualityReport.objects.filter(
            job_id=job.pk, provider_id=provider_id
        ).exists():
            raise
    except BaseException:
        default_storage.delete(name)
        raise


def report_publish(*, user, report: QualityReport) -> QualityReport:
    """Make this version the published one of its report: anyone may then
    download it, and the version published before is withdrawn."""
    check_role(user, QUALITY, municipality_id=report.municipality_id)
    with transaction.atomic():
        versions = (
            QualityReport.objects.order_by("pk")
            .select_for_update()
            .filter(
                municipality_id=report.municipality_id,
                provider_id=report.provider_id,
                year=report.year,
            )
        )
        list(versions)
        versions.exclude(pk=report.pk).filter(published_at__isnull=False).update(
            published_at=None, published_by=None
        )
        report.published_at = timezone.now()
        report.published_by = user
        report.save(update_fields=["published_at", "published_by"])
    return report
