"""Backups (issue 16): scripts/backup.sh dumps the database and encrypts it, scripts/restore.sh brings it back;
the round trip keeps every row of every table. Real PostgreSQL, pg_dump, pg_restore and gpg."""

import os
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tests.factories import legal_texts, site

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPTS = Path(settings.BASE_DIR) / "scripts"
KEY = "a long passphrase from the environment"
DAY = 24 * 3600


def url(database: str) -> str:
    server = connection.settings_dict
    password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
    return f"postgresql://{server['USER']}{password}@{server['HOST']}:{server['PORT']}/{database}"


def row_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as database:
        tables = database.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").fetchall()
        count = sql.SQL("SELECT count(*) FROM {}")
        return {table: database.execute(count.format(sql.Identifier(table))).fetchone()[0] for (table,) in tables}


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([SCRIPTS / script, *args], env={**os.environ, **env}, capture_output=True, text=True)


@pytest.fixture
def fresh_database():
    """An empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(url("postgres"), autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield url(name)
    with psycopg.connect(url("postgres"), autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def backup(tmp_path) -> Path:
    """A backup of the test database holding the demo data."""
    site("stade"), site("buxtehude")  # the data migrations' rows, which a transactional test's flush removed
    legal_texts()
    call_command("load_demo_data")
    source = url(connection.settings_dict["NAME"])
    made = run("backup.sh", DATABASE_URL=source, BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path))
    assert made.returncode == 0, made.stderr
    [file] = tmp_path.glob("machmit-*.dump.gpg")
    return file


def test_a_backup_restored_into_a_fresh_database_has_every_row_of_every_table(backup, fresh_database):
    restored = run("restore.sh", str(backup), DATABASE_URL=fresh_database, BACKUP_KEY=KEY)

    assert restored.returncode == 0, restored.stderr
    counts = row_counts(url(connection.settings_dict["NAME"]))
    assert counts["volunteers_volunteer"] > 0
    assert counts["events_signup"] > 0
    assert counts["matching_helprequest"] > 0
    assert row_counts(fresh_database) == counts


def test_a_backup_is_encrypted(backup):
    content = backup.read_bytes()

    assert not content.startswith(b"PGDMP")  # pg_dump's own header
    assert b"koordination.stade@example.org" not in content


def test_a_wrong_key_restores_nothing(backup, fresh_database):
    restored = run("restore.sh", str(backup), DATABASE_URL=fresh_database, BACKUP_KEY="not the key")

    assert restored.returncode != 0
    assert row_counts(fresh_database) == {}


def test_backups_older_than_the_days_kept_are_deleted(tmp_path):
    site("stade")
    old, recent = tmp_path / "machmit-20000101T023000Z.dump.gpg", tmp_path / "machmit-20000102T023000Z.dump.gpg"
    for file, days in ((old, 16), (recent, 14)):
        file.write_bytes(b"")
        os.utime(file, (time.time() - days * DAY, time.time() - days * DAY))

    made = run(
        "backup.sh",
        DATABASE_URL=url(connection.settings_dict["NAME"]),
        BACKUP_KEY=KEY,
        BACKUP_DIR=str(tmp_path),
        BACKUP_KEEP_DAYS="14",
    )

    assert made.returncode == 0, made.stderr
    assert not old.exists()
    assert recent.exists()
    assert len(list(tmp_path.glob("machmit-*.dump.gpg"))) == 2
