"""The customers' and vouchers' small Nacka, for tests of the shared
mechanisms that need real customers, choices and visits (test_bad_input)."""

from tests.customers.conftest import world  # noqa: F401
from tests.vouchers.conftest import accepted, tariff  # noqa: F401
