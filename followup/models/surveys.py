"""Survey results per provider and year (issue 15 item 5): Socialstyrelsen's
national survey "Vad tycker de äldre om äldreomsorgen?" (per question the
share positive, the two positive options with "vet inte" left out, and the
number answering) and a municipality's own survey scored 1 to 5 (the mean and
the number answering). A result from fewer answers than the municipality's
minimum is kept but never shown."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kundval.models import Municipality, ScopePaths

FIRST_YEAR, LAST_YEAR = 2000, 2100


class SurveyKind(models.TextChoices):
    NATIONAL = "national", _("Socialstyrelsen: Vad tycker de äldre om äldreomsorgen?")
    OWN = "own", _("The municipality's own survey (1–5)")


class Question(models.TextChoices):
    """The questions both kinds ask, by a code the CSV file uses."""

    OVERALL = (
        "overall",
        _("Hur nöjd eller missnöjd är du sammantaget med den hemtjänst du har?"),
    )
    TIME = "time", _("Does the staff have enough time for you?")
    RESPECT = "respect", _("Does the staff treat you with respect?")
    INFLUENCE = "influence", _("Can you influence the times the staff come?")
    NOTICE = "notice", _("Are you told in advance of changes?")
    TRUST = "trust", _("Do you trust the staff?")
    SAFETY = "safety", _("Do you feel safe at home with home care?")
    CONTACT = "contact", _("Do you have a named contact person?")


class SurveyTerms(models.Model):
    """A municipality's minimum number of answers for a result to be shown;
    a municipality without a row uses the field's default."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="survey_terms"
    )
    minimum_answers = models.PositiveSmallIntegerField(
        _("fewest answers for a result to be shown"), default=5
    )

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        verbose_name = _("survey terms")
        verbose_name_plural = _("survey terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_answers__gte=1), name="survey_minimum_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class Survey(models.Model):
    """One survey of one kind in one municipality and year: importing it
    again replaces it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="surveys"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=SurveyKind.choices)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "kind"], name="survey_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="survey_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SurveyKind.values), name="survey_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} {self.get_kind_display()}"


class SurveyResult(models.Model):
    """A provider's result on one question: a share positive (national) or
    a mean 1 to 5 (own), never both."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="survey_results"
    )
    question = models.CharField(_("question"), max_length=12, choices=Question.choices)
    share_positive = models.DecimalField(
        _("share positive (%)"), max_digits=4, decimal_places=1, null=True
    )
    mean = models.DecimalField(
        _("mean (1–5)"), max_digits=3, decimal_places=2, null=True
    )
    answered = models.PositiveIntegerField(_("number answering"))

    scope_paths = ScopePaths(municipality="survey__municipality", provider="provider")

    class Meta:
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "provider", "question"],
                name="survey_result_one_per_question",
            ),
            models.CheckConstraint(
                condition=Q(question__in=Question.values),
                name="survey_result_question_known",
            ),
            models.CheckConstraint(
                condition=Q(share_positive__gte=0, share_positive__lte=100)
                | Q(share_positive__isnull=True),
                name="survey_result_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(mean__gte=1, mean__lte=5) | Q(mean__isnull=True),
                name="survey_result_mean_1_5",
            ),
            models.CheckConstraint(
                condition=Q(share_positive__isnull=True) ^ Q(mean__isnull=True),
                name="survey_result_share_or_mean",
            ),
            models.CheckConstraint(
                condition=Q(answered__gte=0), name="survey_result_answered_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.provider} {self.question}"
