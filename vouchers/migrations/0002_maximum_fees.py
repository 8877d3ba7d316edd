"""The maximum fee per month for the years docs/domain.md §4 gives. Later years
are added by operators in the admin (or a migration like this one)."""

from decimal import Decimal

from django.db import migrations

MAXIMUM_FEES = {2024: Decimal("2575"), 2026: Decimal("2660")}


def add(apps, schema_editor):
    MaximumFee = apps.get_model("vouchers", "MaximumFee")
    for year, amount in MAXIMUM_FEES.items():
        MaximumFee.objects.get_or_create(year=year, defaults={"monthly_amount": amount})


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
