"""Backups of the PostgreSQL database, and the restore drill that proves a backup restores to what was saved.

- ``backup(database, output)`` writes a ``pg_dump`` custom-format file of the database and, beside it
  (``<output>.fingerprint.json``), the database's **fingerprint** taken from the same snapshot as the dump: every
  table's row count and checksum. Both come from one exported snapshot (``pg_export_snapshot`` in a
  ``REPEATABLE READ`` transaction, ``pg_dump --snapshot``), so the fingerprint is exactly what the file holds even
  while people keep saving.
- ``drill(database, dump)`` restores the file into a fresh database with a unique name (``pg_restore``), takes the
  restored database's fingerprint, compares it with the backup's (or with the live database's when the file has no
  fingerprint, or when asked), checks that every table's id sequence is past its largest id (so new rows after a
  restore do not collide), and drops the drill database.

A **fingerprint** covers every table of the database's schema (plans, every worksheet row table, versions, the
history tables, indicator values, users and memberships among them: ``key_tables()``): the number of rows and the md5
of the rows' text forms (``row::text``) in primary-key order, computed under fixed output settings (UTC, ISO dates)
so two databases holding the same rows give the same checksum. ``fingerprint(connection)`` and ``compare(...)`` work
on any two psycopg connections.

The tools come from PostgreSQL's client package (``pg_dump``, ``pg_restore``; Debian: ``postgresql-client``); their
major version must not be older than the server's (``check_tools``). SQLite has no such backup here: copy it with
``sqlite3 db.sqlite3 ".backup backup.sqlite3"`` (``SQLITE_ADVICE``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.apps import apps
from django.contrib.auth import get_user_model
from psycopg import sql

from .registry import ALL_TABLES

SQLITE_ADVICE = (
    "Backups and the restore drill are for PostgreSQL (DATABASE_URL=postgres://…). This database is SQLite: back it "
    'up with SQLite\'s online backup, e.g. sqlite3 db.sqlite3 ".backup backup.sqlite3" (safe while the app runs), '
    "and restore by putting that file in place of db.sqlite3 while the app is stopped."
)
FINGERPRINT_SUFFIX = ".fingerprint.json"
DRILL_PREFIX = "seimpact_drill_"

# Output settings of the text forms the checksums read: the same in every session, whatever the server's defaults.
_FIXED_OUTPUT = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)


class BackupError(Exception):
    """A backup or drill cannot run: not PostgreSQL, a tool missing or too old, pg_dump or pg_restore failed."""


@dataclass(frozen=True)
class Database:
    """How to reach a PostgreSQL database: Django's ``settings_dict`` keys (NAME, USER, PASSWORD, HOST, PORT,
    OPTIONS)."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        """The database of a Django connection's ``settings_dict``; ``BackupError`` unless it is PostgreSQL."""
        if "postgresql" not in settings_dict.get("ENGINE", ""):
            raise BackupError(SQLITE_ADVICE)
        options = settings_dict.get("OPTIONS") or {}
        return cls(
            name=settings_dict["NAME"],
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            options=tuple((k, str(v)) for k, v in options.items() if k in ("sslmode", "sslrootcert", "sslcert")),
        )

    def named(self, name: str) -> Database:
        """The same server and credentials, another database."""
        return Database(name, self.user, self.password, self.host, self.port, self.options)

    def environment(self) -> dict[str, str]:
        """This process's environment with the ``PG*`` variables the client tools read for this database."""
        values = {"PGDATABASE": self.name, "PGUSER": self.user, "PGPASSWORD": self.password}
        values |= {"PGHOST": self.host, "PGPORT": self.port}
        values |= {f"PG{key.upper()}": value for key, value in self.options}
        return {**os.environ, **{k: v for k, v in values.items() if v}}

    def connect(self, **kwargs) -> psycopg.Connection:
        """A new psycopg connection to this database (the caller closes it)."""
        params = {"dbname": self.name, "user": self.user, "password": self.password, "host": self.host}
        params |= {"port": self.port, **dict(self.options)}
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


# --- tools --------------------------------------------------------------------------------------------------


def tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump --version`` → 15); ``BackupError`` when missing."""
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: install PostgreSQL's client tools (Debian: postgresql-client)")
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if found is None:
        raise BackupError(f"cannot read the version of {tool}: {output.strip()!r}")
    return int(found.group(1))


def server_major(database: Database) -> int:
    """The server's major version (15 for 15.x)."""
    with database.connect() as conn:
        return conn.info.server_version // 10000


def check_tools(database: Database) -> str:
    """Check that ``pg_dump`` and ``pg_restore`` exist and are not older than the server (an older ``pg_dump``
    refuses a newer server; a newer one may write what an older ``pg_restore`` cannot read). Returns a line saying
    the versions; ``BackupError`` otherwise."""
    server = server_major(database)
    versions = {tool: tool_major(tool) for tool in ("pg_dump", "pg_restore")}
    for tool, major in versions.items():
        if major < server:
            raise BackupError(f"{tool} {major} is older than the PostgreSQL server {server}: install client {server}")
    if versions["pg_dump"] != versions["pg_restore"]:
        raise BackupError(f"pg_dump {versions['pg_dump']} and pg_restore {versions['pg_restore']} differ")
    return f"PostgreSQL server {server}, pg_dump {versions['pg_dump']}, pg_restore {versions['pg_restore']}"


# --- fingerprints --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableFingerprint:
    """One table's content: ``rows`` (count) and ``checksum`` (md5 hex of its rows' md5s in primary-key order)."""

    rows: int
    checksum: str


def fingerprint(conn: psycopg.Connection) -> dict[str, TableFingerprint]:
    """``{table: TableFingerprint}`` of every table of the connection's current schema, sorted by name. Runs in the
    connection's current transaction when one is open (e.g. a ``REPEATABLE READ`` snapshot), else in its own."""
    result = {}
    with conn.transaction(), conn.cursor() as cursor:
        for statement in _FIXED_OUTPUT:
            cursor.execute(statement)
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        for table in tables:
            order = _primary_key_order(cursor, table)
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY {order}), '')) FROM {table} t"
                ).format(order=order, table=sql.Identifier(table))
            )
            rows, checksum = cursor.fetchone()
            result[table] = TableFingerprint(rows, checksum)
    return result


def _primary_key_order(cursor, table: str) -> sql.Composable:
    """``t.a, t.b`` for the table's primary key columns (text columns in byte order, so every database's collation
    sorts them alike); the whole row's text for a table without a primary key."""
    cursor.execute(
        """
        SELECT a.attname, a.attcollation <> 0
        FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(%s)) AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)
        """,
        [table],
    )
    columns = cursor.fetchall()
    if not columns:
        return sql.SQL('t::text COLLATE "C"')
    return sql.SQL(", ").join(
        sql.SQL('t.{} COLLATE "C"' if collatable else "t.{}").format(sql.Identifier(name))
        for name, collatable in columns
    )


def sequences_behind(conn: psycopg.Connection) -> list[str]:
    """The tables whose id sequence would hand out an id already taken (its value below the table's largest id), as
    ``"table.column: sequence at N, largest id M"``; an empty list when every sequence is ahead."""
    problems = []
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname)
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
              AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
            ORDER BY c.relname, a.attname
            """
        )
        for table, column, sequence in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT max({column}) FROM {table}").format(
                    column=sql.Identifier(column), table=sql.Identifier(table)
                )
            )
            (largest,) = cursor.fetchone()
            cursor.execute("SELECT pg_sequence_last_value(%s::regclass)", [sequence])
            handed_out = cursor.fetchone()[0] or 0  # None: the sequence has not handed out any value yet
            if largest is not None and handed_out < largest:
                problems.append(f"{table}.{column}: sequence at {handed_out}, largest id {largest}")
    return problems


def key_tables() -> list[str]:
    """The tables a backup must above all hold (they must be in every fingerprint): plans, every worksheet row table,
    versions, their history tables, indicator values, users and memberships."""
    names = [
        ("worksheets", "ActionPlan"),
        ("worksheets", "PlanVersion"),
        ("indicators", "IndicatorValue"),
        ("municipalities", "Membership"),
    ]
    models = [apps.get_model(app, name) for app, name in names] + [get_user_model()]
    models += [table.model for _worksheet, table in ALL_TABLES]
    tables = {model._meta.db_table for model in models}
    tables |= {model.history.model._meta.db_table for model in models if hasattr(model, "history")}
    return sorted(tables)


@dataclass(frozen=True)
class TableComparison:
    """One table in both databases: rows and checksums (None where the table is missing)."""

    table: str
    expected: TableFingerprint | None
    actual: TableFingerprint | None

    @property
    def matches(self) -> bool:
        return self.expected is not None and self.expected == self.actual


def compare(expected: dict[str, TableFingerprint], actual: dict[str, TableFingerprint]) -> list[TableComparison]:
    """Every table of either fingerprint, by name, with whether rows and checksum agree."""
    return [TableComparison(t, expected.get(t), actual.get(t)) for t in sorted(set(expected) | set(actual))]


def save_fingerprint(path: Path, database: str, tables: dict[str, TableFingerprint]) -> None:
    """Write a fingerprint as JSON: ``{"database", "taken_at" (UTC ISO), "tables": {table: [rows, checksum]}}``."""
    document = {
        "database": database,
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {table: [f.rows, f.checksum] for table, f in tables.items()},
    }
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    os.chmod(path, 0o600)


def load_fingerprint(path: Path) -> dict[str, TableFingerprint]:
    """Read a fingerprint written by ``save_fingerprint``; ``BackupError`` when it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {
            table: TableFingerprint(int(rows), str(checksum)) for table, (rows, checksum) in document["tables"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path} is not a backup fingerprint: {error}") from error


def fingerprint_path(dump: Path) -> Path:
    """Where the fingerprint of a dump file lives: beside it, ``<dump>.fingerprint.json``."""
    return dump.with_name(dump.name + FINGERPRINT_SUFFIX)


# --- backup, restore, drill ------------------------------------------------------------------------------------


def backup(database: Database, output: Path) -> dict[str, TableFingerprint]:
    """Dump ``database`` into ``output`` (pg_dump custom format) and write its fingerprint beside it
    (``fingerprint_path``), both from one snapshot. Returns the fingerprint; ``BackupError`` when pg_dump fails (a
    partial file is removed)."""
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The dump holds password hashes, e-mail addresses and sessions: readable by its owner only. pg_dump truncates
    # the file it is given and keeps its mode.
    os.close(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(output, 0o600)
    with database.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            dumped = subprocess.run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={output}"],
                env=database.environment(),
                capture_output=True,
                text=True,
                check=False,
            )
            if dumped.returncode:
                output.unlink(missing_ok=True)
                raise BackupError(f"pg_dump failed: {dumped.stderr.strip()[-2000:]}")
            tables = fingerprint(conn)
    save_fingerprint(fingerprint_path(output), database.name, tables)
    return tables


def create_database(database: Database, name: str) -> None:
    """Create the empty database ``name`` (from ``template0``) on ``database``'s server."""
    with database.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))


def drop_database(database: Database, name: str) -> None:
    """Drop the database ``name`` if it exists, ending its sessions."""
    with database.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def restore(database: Database, dump: Path, name: str) -> Database:
    """Create the database ``name`` and restore ``dump`` into it in one transaction (objects owned by the connecting
    role, no grants copied); returns it. ``BackupError`` when pg_restore fails (the database is then dropped)."""
    if not dump.is_file():
        raise BackupError(f"{dump} does not exist")
    target = database.named(name)
    create_database(database, name)
    restored = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", f"--dbname={name}"]
        + [str(dump)],
        env=target.environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if restored.returncode:
        drop_database(database, name)
        raise BackupError(f"pg_restore failed: {restored.stderr.strip()[-2000:]}")
    return target


def drill_name() -> str:
    """A unique name for a drill database: ``seimpact_drill_<UTC time>_<random>``."""
    return f"{DRILL_PREFIX}{datetime.now(UTC):%Y%m%d%H%M%S}_{secrets.token_hex(3)}"


@dataclass(frozen=True)
class DrillReport:
    """A restore drill's outcome: what the restored database was compared with (``against``: "backup" or "live"),
    the tables compared, the sequences behind their tables, the key tables missing, and the drill database's name."""

    against: str
    tables: list[TableComparison]
    sequences: list[str]
    missing_key_tables: list[str]
    database: str

    @property
    def mismatches(self) -> list[TableComparison]:
        return [t for t in self.tables if not t.matches]

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.sequences and not self.missing_key_tables

    def lines(self) -> list[str]:
        """The printout: a table of every table (rows in the backup or live database, rows restored, checksum
        agreement), key tables marked ``*``, then the verdict."""
        keys = set(key_tables())
        source = "backup" if self.against == "backup" else "live"
        lines = [f"  {'table':<52} {source + ' rows':>12} {'restored':>10}  checksum"]
        for table in self.tables:
            expected = table.expected.rows if table.expected else "-"
            actual = table.actual.rows if table.actual else "-"
            verdict = "same" if table.matches else "DIFFERENT"
            lines.append(
                f"{'*' if table.table in keys else ' '} {table.table:<52} {expected!s:>12} {actual!s:>10}  {verdict}"
            )
        lines.append(f"tables compared: {len(self.tables)}; differing: {len(self.mismatches)} (* key tables)")
        lines += [f"key table missing: {name}" for name in self.missing_key_tables]
        lines += [f"sequence behind its table: {problem}" for problem in self.sequences]
        lines.append("restore drill: " + ("every count and checksum matches" if self.ok else "FAILED"))
        return lines


def drill(database: Database, dump: Path, *, against: str = "backup", keep: bool = False) -> DrillReport:
    """Restore ``dump`` into a fresh database and compare it with the backup's fingerprint (``against="backup"``, the
    default; the live ``database`` when the dump has no fingerprint file) or with the live database
    (``against="live"``: meaningful when nothing changed since the dump). The drill database is dropped afterwards
    unless ``keep``. ``BackupError`` when the restore fails or ``against`` is unknown."""
    if against not in ("backup", "live"):
        raise BackupError(f"compare against 'backup' or 'live', not {against!r}")
    if against == "backup" and not fingerprint_path(dump).exists():
        against = "live"
    name = drill_name()
    target = restore(database, dump, name)
    try:
        if against == "backup":
            expected = load_fingerprint(fingerprint_path(dump))
        else:
            with database.connect() as conn:
                expected = fingerprint(conn)
        with target.connect() as conn:
            actual = fingerprint(conn)
            sequences = sequences_behind(conn)
    finally:
        if not keep:
            drop_database(database, name)
    missing = [table for table in key_tables() if table not in actual or table not in expected]
    return DrillReport(against, compare(expected, actual), sequences, missing, name)
