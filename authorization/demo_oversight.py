"""The demo's people and papers: the managers an applicant names, the PDFs
it hands in, and what the quality unit has on Nacka's providers (a warning,
an insurance about to run out, a new manager to approve, deviations and lex
Sarah reports of every kind and severity)."""

from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from authorization.models import (
    DEVIATION_KINDS,
    Authorization,
    Condition,
    Document,
    DocumentKind,
    LexSarahNature,
    Manager,
    ManagerRole,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
    Severity,
    WorkKind,
    WorkPeriod,
)
from kundval.pdf import render_pdf


def manager_and_substitute(application) -> None:
    """A qualified manager, and a substitute one year short of supervising."""
    name = application.provider.name.split()[0]
    for role, supervising_from in (
        (ManagerRole.MANAGER, date(2020, 1, 1)),
        (ManagerRole.SUBSTITUTE, date(2025, 1, 1)),
    ):
        manager, created = Manager.objects.get_or_create(
            application=application,
            role=role,
            defaults={
                "name": f"{'Chef' if role == 'manager' else 'Ersättare'} {name}",
                "education": "Socionomexamen",
                "education_years": Decimal("3.5"),
                "fluent_swedish": True,
            },
        )
        if created:
            WorkPeriod.objects.bulk_create(
                [
                    WorkPeriod(manager=manager, kind=WorkKind.CARE_WORK,
                               employer="Hemtjänst, undersköterska",
                               start=date(2016, 1, 1), end=date(2019, 12, 31),
                               percent=100),
                    WorkPeriod(manager=manager, kind=WorkKind.SUPERVISING,
                               employer="Hemtjänst, enhetschef",
                               start=supervising_from, end=None, percent=100),
                ]
            )  # fmt: skip


@cache
def _demo_pdf(title: str) -> bytes:
    return render_pdf(template_name="pdf/demo_evidence.html", context={"title": title})


def demo_document(application, *, condition=None, **fields):
    """A demo PDF, stored like an upload."""
    kind = fields.pop("kind", DocumentKind.EVIDENCE)
    title = condition.title if condition else DocumentKind(kind).label
    content = _demo_pdf(str(title))
    document = Document(
        provider=application.provider,
        municipality=application.announcement.service.municipality,
        application=application,
        condition=condition,
        kind=kind,
        name=f"{title}.pdf",
        content_type="application/pdf",
        size=len(content),
        uploaded_by=_provider_user(application.provider),
        **fields,
    )
    document.file.save("demo", ContentFile(content))
    return document


def _provider_user(provider):
    return get_user_model().objects.get(username=f"anordnare.{provider.slug}")


def oversight_load(call, officer) -> None:
    """One warning, a certificate about to expire, a new manager to approve,
    and the deviation reports."""
    omsorgshuset = Authorization.objects.get(
        provider__slug="omsorgshuset", service=call.service
    )
    if not omsorgshuset.sanctions.exists():
        Sanction.objects.create(
            authorization=omsorgshuset,
            condition=Condition.objects.get(municipality=call.service.municipality,
                                            code="nycklar"),
            kind=SanctionKind.WARNING,
            evidence="Uppföljningsbesök 2026-09-15: nycklar förvarades omärkta i "
            "ett olåst skåp på kontoret.",
            reasons="Villkoret om rutiner för nycklar är inte uppfyllt. Rutinen ska "
            "vara åtgärdad före nästa uppföljning.",
            effective_from=date(2026, 10, 1),
            decided_by=officer,
        )  # fmt: skip
    hemtrevnad = Authorization.objects.get(
        provider__slug="hemtrevnad", service=call.service
    )
    if not hemtrevnad.application.documents.exists():
        demo_document(
            hemtrevnad.application,
            kind=DocumentKind.INSURANCE,
            valid_until=timezone.localdate() + timedelta(days=20),
        )
    if not hemtrevnad.reports.exists():
        report = Report.objects.create(
            authorization=hemtrevnad,
            kind=ReportKind.NEW_MANAGER,
            occurred_on=date(2026, 11, 1),
            text="Vår verksamhetsansvarige har gått i pension; Eva Ny tar över.",
            reported_by=_provider_user(hemtrevnad.provider),
        )
        Manager.objects.create(
            report=report, role=ManagerRole.MANAGER, name="Eva Ny",
            education="Sjuksköterskeexamen", education_years=Decimal(3),
            fluent_swedish=True,
        )  # fmt: skip
    deviations_load(call, officer)


K, S = ReportKind, Severity
# provider slug → (kind, severity, event date, condition code, IVO told on,
# handled, what happened, measures).
DEVIATIONS = {
    "omsorgshuset": [
        (
            K.LEX_SARAH,
            S.VERY_SERIOUS,
            date(2026, 10, 14),
            "avvikelser",
            date(2026, 10, 20),
            True,
            "En kund med larm fick vänta över två timmar på hjälp efter ett fall; "
            "larmet kvitterades men ingen åkte ut.",
            "Larmrutinen är omskriven; all personal har gått igenom den. Utredning "
            "enligt lex Sarah klar 2026-10-19 och anmäld till IVO.",
        ),
        (
            K.FAULT,
            S.SERIOUS,
            date(2026, 9, 3),
            "",
            None,
            True,
            "Dubbelbemanning uteblev vid förflyttning med lyft under en vecka.",
            "Schemat är lagt om så att två personer alltid är bokade.",
        ),
        (
            K.DEVIATION,
            S.LOW,
            date(2026, 11, 20),
            "nycklar",
            None,
            False,
            "En nyckel till en kunds bostad kvitterades inte ut enligt rutinen.",
            "Nyckelskåpet har fått en kvitteringslista; gruppen påmind.",
        ),
    ],
    "hemtrevnad": [
        (
            K.LEX_SARAH,
            S.SERIOUS,
            date(2026, 11, 28),
            "avvikelser",
            None,
            False,
            "Personal uppger att en kollega talat kränkande till en kund vid "
            "upprepade tillfällen.",
            "Medarbetaren arbetar inte hos kunden under utredningen; samtal hålls.",
        ),
        (
            K.SERIOUS_COMPLAINT,
            S.SERIOUS,
            date(2026, 10, 2),
            "",
            None,
            False,
            "Anhörig klagar på att insatserna kortats utan besked tre veckor i rad.",
            "Genomgång av planeringen; kunden och den anhöriga har fått ett möte.",
        ),
        (
            K.DEVIATION,
            S.LOW,
            date(2025, 5, 12),
            "",
            None,
            True,
            "Ett besök blev 45 minuter försenat på grund av bilhaveri.",
            "Reservbil bokad via bilpoolen.",
        ),
    ],
    "nacka-egen-regi": [
        (
            K.DEVIATION,
            S.VERY_SERIOUS,
            date(2026, 8, 15),
            "avvikelser",
            None,
            True,
            "Läkemedel gavs inte vid två tillfällen samma dag.",
            "Signeringslistan kontrolleras vid varje pass; händelsen är anmäld "
            "till den medicinskt ansvariga sjuksköterskan.",
        ),
        (
            K.FAULT,
            S.LOW,
            date(2026, 11, 10),
            "",
            None,
            False,
            "Matleveransen kom fel dag till tre kunder.",
            "Beställningen görs nu med bekräftelse från leverantören.",
        ),
    ],
}


def deviations_load(call, officer) -> None:
    """The deviation reports of Nacka's providers (once)."""
    municipality = call.service.municipality
    for slug, reports in DEVIATIONS.items():
        authorization = Authorization.objects.get(
            provider__slug=slug, service=call.service
        )
        if authorization.reports.filter(kind__in=DEVIATION_KINDS).exists():
            continue
        for kind, severity, on, code, ivo_on, handled, text, measures in reports:
            Report.objects.create(
                authorization=authorization, kind=kind, severity=severity,
                occurred_on=on, text=text, measures=measures,
                lex_sarah_nature=(LexSarahNature.WRONGDOING if kind == K.LEX_SARAH
                                  and severity == S.VERY_SERIOUS
                                  else LexSarahNature.RISK if kind == K.LEX_SARAH
                                  else ""),
                ivo_told=ivo_on is not None, ivo_told_on=ivo_on,
                condition=(Condition.objects.get(municipality=municipality, code=code)
                           if code else None),
                reported_by=_provider_user(authorization.provider),
                status=ReportStatus.NOTED if handled else ReportStatus.RECEIVED,
                handled_by=officer if handled else None,
                handled_at=timezone.now() if handled else None,
                handling_note="Noterad; följs upp vid nästa besök." if handled else "",
            )  # fmt: skip
