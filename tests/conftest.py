"""Fixtures every test may use: users with roles, Celery modes, the browser."""

import os
from urllib.parse import quote

import pytest

from kundval.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; the database
# calls our tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in the test process unless a test asks for a real worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker process on a queue of its own, using the test database.

    Tests that use it must commit (they get `transactional_db`) so the worker,
    another process, sees their rows.
    """
    import subprocess
    import sys
    import uuid

    from django.db import connection

    if not settings.CELERY_BROKER_URL:
        pytest.fail("make test and .ci/run give the suite a broker (CELERY_BROKER_URL)")
    queue = f"kundval-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **os.environ,
        **_database_environment(connection.settings_dict),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "kundval", "worker", "-P", "solo"),
            *("-Q", queue, "--without-gossip", "--without-mingle", "-l", "WARNING"),
        ],
        env=environment,
    )
    celery_app.conf.task_always_eager = False
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield worker
    finally:
        celery_app.conf.task_default_queue = previous_queue
        worker.terminate()
        worker.wait(timeout=30)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)


# A worker that may be killed and another started: Redis hands a message a
# dead worker never acknowledged to another after `visibility_timeout`
# seconds (an hour by default), looked for every `unacked_restore_interval`.
# `slow_reports` makes each quality report take that long at least.
RESTARTABLE_WORKER = """
import sys, time
from kundval.celery import app
app.conf.broker_transport_options = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
import django
django.setup()
slow = float(sys.argv[2])
if slow:
    from followup.services import reports
    render = reports._render
    def _slow_render(*args):
        time.sleep(slow)
        return render(*args)
    reports._render = _slow_render
app.worker_main(["worker", "-P", "solo", "-Q", sys.argv[1], "--without-gossip",
                 "--without-mingle", "-l", "WARNING"])
"""


@pytest.fixture
def restartable_worker(transactional_db, settings):
    """Like celery_worker, but a function that starts a worker on the test's
    own queue, and may be called again after one was killed (SIGKILL). The
    workers use the test database and its private storage (MEDIA_ROOT)."""
    import subprocess
    import sys
    import uuid

    from django.db import connection

    if not settings.CELERY_BROKER_URL:
        pytest.fail("make test and .ci/run give the suite a broker (CELERY_BROKER_URL)")
    queue = f"kundval-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **os.environ,
        **_database_environment(connection.settings_dict),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    workers = []

    def start(*, slow_reports: float = 0.0):
        command = [sys.executable, "-c", RESTARTABLE_WORKER, queue, str(slow_reports)]
        workers.append(subprocess.Popen(command, env=environment))
        return workers[-1]

    celery_app.conf.task_always_eager = False
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield start
    finally:
        celery_app.conf.task_default_queue = previous_queue
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)


def _database_environment(db: dict) -> dict:
    """Environment that points another process at the test database."""
    if "DATABASE_URL" not in os.environ:
        return {"KUNDVAL_DB_NAME": db["NAME"]}  # the private cluster's socket
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"
    return {"DATABASE_URL": url}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s a user by design; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def two_factor_off(settings):
    """Most tests sign in with force_login and test something else; the
    two-factor tests turn it on (kundval.twofactor, test_two_factor*.py)."""
    settings.TWO_FACTOR_REQUIRED = False
