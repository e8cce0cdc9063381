"""Prove a backup: restore it into a fresh database and check that every table came back the same.

    DATABASE_URL=postgres://… python manage.py restore_drill --dump backups/seimpact-2026-11-20.dump
    DATABASE_URL=postgres://… python manage.py restore_drill            # back up now into a temporary file, then drill

The dump is restored (``pg_restore``) into a new database with a unique name (``seimpact_drill_…``) on the same
server; every table's row count and checksum is compared with the fingerprint saved with the backup (``manage.py
backup``), or with the live database (``--against live``, or when the dump has no fingerprint); every id sequence
must be past its table's largest id. Prints a table, drops the drill database (unless ``--keep``) and exits non-zero
on any difference. On SQLite it says how to back up SQLite instead and exits with status 2.
"""

import shutil
import tempfile
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connection

from ... import backups


class Command(BaseCommand):
    """Restore a dump into a fresh database, compare counts and checksums of every table, drop it again."""

    help = "Restore a backup into a fresh database and compare every table's row count and checksum."

    def add_arguments(self, parser):
        parser.add_argument("--dump", type=Path, help="a file written by manage.py backup (default: back up now)")
        parser.add_argument(
            "--against",
            choices=["backup", "live"],
            default="backup",
            help="compare with the backup's fingerprint (default) or with the live database",
        )
        parser.add_argument("--keep", action="store_true", help="keep the drill database for a look")

    def handle(self, *args, dump: Path | None, against: str, keep: bool, **options):
        try:
            database = backups.Database.from_settings(connection.settings_dict)
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        folder = None
        try:
            self.stdout.write(backups.check_tools(database))
            if dump is None:
                folder = Path(tempfile.mkdtemp(prefix="seimpact-drill-"))
                dump = folder / f"{database.name}.dump"
                backups.backup(database, dump)
                self.stdout.write(f"Backed up {database.name} into {dump}")
            report = backups.drill(database, dump, against=against, keep=keep)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self.stdout.write(f"Restored {dump} into {report.database}; compared with the {report.against} fingerprint")
        for line in report.lines():
            self.stdout.write(line)
        if keep:
            self.stdout.write(f"Kept the drill database {report.database} (drop it with: dropdb {report.database})")
        else:
            self.stdout.write(f"Dropped the drill database {report.database}")
        if not report.ok:
            raise CommandError(
                f"restore drill failed: {len(report.mismatches)} tables differ, {len(report.sequences)} sequences "
                f"behind, {len(report.missing_key_tables)} key tables missing"
            )
