"""Reads of the annual quality reports: the providers a year's batch covers,
the quality unit's reports per year, one report for a permitted download,
the published ones (public), and the latest batch job."""

from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from authorization.models import Authorization
from followup.models import QualityReport
from kundval.models import Job, Role
from kundval.scoping import visible
from providers.models import Provider


def report_batch_kind(year: int) -> str:
    return f"quality-reports:{year}"


def providers_reported(*, municipality_id: int, year: int) -> list[int]:
    """The providers with an authorization in force in the municipality on
    some day of the year (contract accepted, started by its end, not revoked
    before its start), by name."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    authorized = Authorization.objects.filter(
        service__municipality_id=municipality_id,
        contract_accepted_at__isnull=False,
        valid_from__lte=last,
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=first))
    providers = Provider.objects.filter(authorizations__in=authorized).distinct()
    return list(providers.order_by("name", "pk").values_list("pk", flat=True))


def reports_for_quality(*, user, municipality_id: int, year: int):
    """The municipality's reports of the year the quality officer sees,
    newest version first within each provider; the summary has provider None."""
    reports = visible(QualityReport.objects.all(), user, Role.QUALITY_OFFICER)
    return reports.filter(municipality_id=municipality_id, year=year).select_related(
        "provider", "published_by"
    )


def report_rows(*, user, municipality_id: int, year: int) -> list[dict]:
    """One row per provider the year covers (and any other with a report),
    then the municipal summary: each with its versions."""
    reports = list(
        reports_for_quality(user=user, municipality_id=municipality_id, year=year)
    )
    ids = providers_reported(municipality_id=municipality_id, year=year)
    ids += [
        r.provider_id for r in reports if r.provider_id and r.provider_id not in ids
    ]
    names = dict(Provider.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = [{"provider_id": pk, "name": names[pk]} for pk in ids]
    rows.append({"provider_id": None, "name": None})
    for row in rows:
        row["versions"] = sorted(
            (r for r in reports if r.provider_id == row["provider_id"]),
            key=lambda r: -r.version,
        )
    return rows


def report_for_download(*, user, pk: int) -> QualityReport:
    """A report the quality unit of its municipality may download, or the
    provider it is about; 404 for anyone else."""
    reports = visible(
        QualityReport.objects.all(), user, Role.QUALITY_OFFICER, Role.PROVIDER_USER
    )
    return get_object_or_404(reports.select_related("provider"), pk=pk)


def report_for_quality(*, user, pk: int) -> QualityReport:
    reports = visible(QualityReport.objects.all(), user, Role.QUALITY_OFFICER)
    return get_object_or_404(reports, pk=pk)


def reports_published() -> QuerySet[QualityReport]:
    """Open data: the published version of each report, anyone may read."""
    return (
        QualityReport.objects.filter(published_at__isnull=False)
        .select_related("municipality", "provider")
        .order_by("-year", "municipality__name", "provider__name", "pk")
    )


def report_published(*, pk: int) -> QualityReport:
    return get_object_or_404(reports_published(), pk=pk)


def report_batch_latest(*, municipality_id: int, year: int) -> Job | None:
    return (
        Job.objects.filter(
            kind=report_batch_kind(year), municipality_id=municipality_id
        )
        .order_by("-created_at", "-pk")
        .first()
    )
