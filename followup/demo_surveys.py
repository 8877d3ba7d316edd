"""Demo survey results and quality accounts for seed_demo (issue 15 item 9),
deterministic: the same figures every run, none added on a second.

- Socialstyrelsen's national survey for Nacka's providers, 2023 to 2026:
  a share positive per provider and question, a few providers with too few
  answers (hidden by the minimum).
- Nacka's own survey scored 1 to 5, four surveys 2023 to 2026, whose
  overall score across the providers goes 4,0, 4,1, 4,3, 4,6 (seed 002).
- Last year's quality accounts of Nacka's providers: submitted, accepted,
  returned, a draft, and the rest missing.

The surveys go through the import, as the quality unit's file would."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followup.models import (
    AccountStatus,
    QualityAccount,
    Question,
    Survey,
    SurveyKind,
)
from followup.selectors.accounts import account_year
from followup.services.surveys import survey_columns, survey_import_csv
from kundval.models import Municipality
from providers.models import Provider

YEARS = (2023, 2024, 2025, 2026)
# Nacka's own survey: the overall mean across its providers, by year.
OWN_OVERALL = {2023: "4.0", 2024: "4.1", 2025: "4.3", 2026: "4.6"}
# A provider's distance from that mean; the five average to nothing, and
# Nacka's 50 providers are ten rounds of them.
SPREAD = ("-0.2", "-0.1", "0", "0.1", "0.2")
# How each question stands against the overall one.
QUESTION_OFFSET = dict(
    zip(Question.values, (0, -9, 4, -14, -11, 2, 1, -6), strict=True)
)
FEW = 3  # answers of every thirteenth provider: under the minimum of 5


def _nacka_providers() -> tuple[Municipality, list[Provider]]:
    nacka = Municipality.objects.get(slug="nacka")
    providers = Provider.objects.filter(
        authorizations__service__municipality=nacka,
        authorizations__contract_accepted_at__isnull=False,
    )
    return nacka, list(providers.distinct().order_by("slug"))


def surveys_seed() -> None:
    nacka, providers = _nacka_providers()
    officer = get_user_model().objects.get(username="kvalitet.nacka")
    for year in YEARS:
        for kind, rows in (
            (SurveyKind.NATIONAL, _national(providers, year)),
            (SurveyKind.OWN, _own(providers, year)),
        ):
            if Survey.objects.filter(municipality=nacka, year=year, kind=kind).exists():
                continue
            text = "\n".join([";".join(survey_columns(kind)), *rows]) + "\n"
            result = survey_import_csv(
                user=officer,
                municipality=nacka,
                year=year,
                kind=kind,
                file=SimpleUploadedFile(f"{kind}-{year}.csv", text.encode()),
            )
            if not result.ok:
                raise RuntimeError(f"Demo survey {kind} {year}: {result.errors}")


def _answered(index: int, year: int) -> int:
    return FEW if index % 13 == 5 else 20 + (index * 7 + year) % 40


def _national(providers: list[Provider], year: int) -> list[str]:
    rows = []
    for index, provider in enumerate(providers):
        overall = 80 + (index * 3) % 15 + (year - YEARS[0])
        for question, offset in QUESTION_OFFSET.items():
            share = max(0, min(100, overall + offset))
            answered = _answered(index, year)
            rows.append(f"{provider.organisation_number};{question};{share};{answered}")
    return rows


def _own(providers: list[Provider], year: int) -> list[str]:
    rows = []
    overall = Decimal(OWN_OVERALL[year])
    for index, provider in enumerate(providers):
        mean = overall + Decimal(SPREAD[index % len(SPREAD)])
        for question, offset in QUESTION_OFFSET.items():
            value = mean + Decimal(offset) / 20
            value = max(Decimal(1), min(Decimal(5), value))
            answered = _answered(index, year)
            rows.append(f"{provider.organisation_number};{question};{value};{answered}")
    return rows


A = AccountStatus
FIGURES = {
    "assistant_nurse_share": Decimal("68.5"),
    "staff_turnover": Decimal("21.0"),
    "staff_count": 34,
    "complaints_received": 7,
    "complaints_handled": 6,
    "improvements": "Ny introduktion för sommarvikarier; nyckelfri hantering.",
    "goals": "Färre personal per kund (personalkontinuitet) och fler undersköterskor.",
    "quality_work": "Egenkontroll varje kvartal och avvikelser på varje APT.",
}
RETURN_REASON = "Personalomsättningen är hög: beskriv vad ni gör åt den."
# Provider slug → the state of its account for last year; the rest missing.
ACCOUNTS = {
    "nacka-egen-regi": A.ACCEPTED,
    "omsorgshuset": A.SUBMITTED,
    "hemtrevnad": A.RETURNED,
    "nacka-01": A.ACCEPTED,
    "nacka-02": A.SUBMITTED,
    "nacka-03": A.DRAFT,
}


def accounts_seed() -> None:
    nacka = Municipality.objects.get(slug="nacka")
    officer = get_user_model().objects.get(username="kvalitet.nacka")
    year = account_year()
    # Filed in the spring, decided a fortnight later.
    filed = min(timezone.now().replace(year=year + 1, month=3, day=20), timezone.now())
    for slug, status in ACCOUNTS.items():
        provider = Provider.objects.get(slug=slug)
        if QualityAccount.objects.filter(
            provider=provider, municipality=nacka, year=year
        ).exists():
            continue
        author = get_user_model().objects.get(username=f"anordnare.{slug}")
        draft = status == A.DRAFT
        decided = status in (A.ACCEPTED, A.RETURNED)
        QualityAccount.objects.create(
            provider=provider,
            municipality=nacka,
            year=year,
            status=status,
            **({"goals": FIGURES["goals"]} if draft else FIGURES),
            return_reason=RETURN_REASON if status == A.RETURNED else "",
            submitted_at=None if draft else filed,
            submitted_by=None if draft else author,
            decided_at=filed + timedelta(days=14) if decided else None,
            decided_by=officer if decided else None,
        )
