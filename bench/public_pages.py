"""How fast the public pages answer, in-process (no network, no gunicorn).

Prints requests per second for the public start page, the municipalities API
and /healthz with the demo data loaded, and the ratio of each to /healthz
(the cheapest view: a floor for the framework's own cost).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundval.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

REQUESTS = 300
PATHS = ["/healthz", "/", "/api/v1/municipalities/"]


def rate(client: Client, path: str) -> float:
    client.get(path)  # warm up
    started = time.perf_counter()
    for _ in range(REQUESTS):
        assert client.get(path).status_code == 200
    return REQUESTS / (time.perf_counter() - started)


def main() -> None:
    call_command("seed_demo", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    rates = {path: rate(client, path) for path in PATHS}
    floor = rates["/healthz"]
    for path, per_second in rates.items():
        print(f"{path:28} {per_second:8.0f} req/s  {per_second / floor:5.2f} × healthz")


if __name__ == "__main__":
    main()
