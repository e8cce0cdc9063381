"""Back up the PostgreSQL database: ``pg_dump`` custom format, with the database's fingerprint beside it.

    DATABASE_URL=postgres://… python manage.py backup --output backups/seimpact-2026-11-20.dump

Writes the dump and ``<output>.fingerprint.json`` (every table's row count and checksum, from the same snapshot as the
dump), which ``manage.py restore_drill --dump <output>`` checks the restored database against. On SQLite it says how
to back up SQLite instead and exits with status 2.
"""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connection

from ... import backups


class Command(BaseCommand):
    """``pg_dump`` of the ``DATABASE_URL`` database into ``--output``, with its fingerprint beside it."""

    help = "Back up the PostgreSQL database (pg_dump custom format) with its fingerprint for the restore drill."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="the dump file to write")

    def handle(self, *args, output: Path, **options):
        try:
            database = backups.Database.from_settings(connection.settings_dict)
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        try:
            self.stdout.write(backups.check_tools(database))
            tables = backups.backup(database, output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table.rows for table in tables.values())
        self.stdout.write(
            f"Backed up {database.name}: {len(tables)} tables, {rows} rows, {output.stat().st_size} bytes → {output}"
        )
        self.stdout.write(f"Fingerprint: {backups.fingerprint_path(output)}")
