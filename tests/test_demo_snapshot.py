"""The copied-in demo is exactly what seed_demo --no-volumes gives."""

from pathlib import Path

import pytest
from django.db import transaction

from tests import demo_snapshot
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_a_replay_gives_the_rows_and_files_of_the_real_command(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(demo_snapshot, "_recordings", {})
    before = demo_snapshot._rows()
    savepoint = transaction.savepoint()
    demo_snapshot.seed_demo_without_volumes()  # runs the command, records it
    assert len(demo_snapshot._recordings) == 1
    seeded, files = _sorted(demo_snapshot._rows()), demo_snapshot._files()
    assert len(seeded["authorization_application"]) > 10
    assert len(seeded["providers_provider"]) > 50
    assert files
    transaction.savepoint_rollback(savepoint)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert demo_snapshot._rows() == before
    demo_snapshot.seed_demo_without_volumes()  # copies the recording in
    assert len(demo_snapshot._recordings) == 1
    assert _sorted(demo_snapshot._rows()) == seeded
    assert demo_snapshot._files() == files
    ProviderFactory()  # a new row gets an id past the copied ones


def _sorted(rows):
    return {table: sorted(lines) for table, lines in rows.items()}
