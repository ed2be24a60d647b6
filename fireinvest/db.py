"""The database: engine, write and read transactions, SQLite pragmas, PostgreSQL options, migrations on open.

The database is chosen by `--database URL`, else FIREINVEST_DATABASE_URL, else an SQLite file in the user's data
folder. Opening a database brings its schema to the newest Alembic revision first; when it is already there (the
everyday case) that costs one query and Alembic is not even imported. Migrations run under a lock, so any number of
workstations can open a new, empty PostgreSQL database at the same moment: one creates the schema, the others wait
and then find it done.

Two kinds of transaction, and nothing else:
- `writing()`: a unit of work. On SQLite it takes the write lock up front (BEGIN IMMEDIATE) so two workstations never
  both read a counter and then fail to upgrade their lock; on PostgreSQL rows are locked where a rule needs it
  (services/unit_of_work.py).
- `reading()`: a read-only transaction. It never takes a write lock (SQLite: a deferred BEGIN, which in WAL mode reads
  beside a running writer; PostgreSQL: READ ONLY), so a long import on another workstation does not make a read
  wait, and a read that tried to write would fail at once instead of changing anything.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from fireinvest.errors import DatabaseUnavailable
from fireinvest.paths import data_directory

ENV_DATABASE_URL = "FIREINVEST_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# The newest Alembic revision in migrations/versions (a test keeps the two equal). Knowing it here lets an opened
# database be checked with one query, without loading Alembic and every migration script at each start.
SCHEMA_REVISION = "0011"
SETUP_LOCK = "setup"  # schema migrations and start-up bookkeeping, across workstations


def default_database_url() -> str:
    return f"sqlite:///{data_directory() / 'fireinvest.sqlite3'}"


def resolve_database_url(explicit: str | None = None) -> str:
    """The URL to use: the explicit one, else the environment variable, else the embedded default."""
    return explicit or os.environ.get(ENV_DATABASE_URL) or default_database_url()


def describe_url(url: str) -> str:
    """The URL with any password hidden, for window titles, logs and messages."""
    return make_url(url).render_as_string(hide_password=True)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN until the first write, which breaks repeatable reads and
    # turns a read-then-write into SQLITE_BUSY; take over BEGIN so SQLAlchemy's transaction is SQLite's.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Writers take the write lock up front (BEGIN IMMEDIATE); readers use a plain deferred BEGIN and never block
        # writers in WAL mode.
        mode = connection.get_execution_options().get("fireinvest_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine_for(url: str) -> Engine:
    """An engine for the URL with the options FireInvest relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(
                    f"无法创建数据库所在的文件夹 {Path(database).parent}：{exc.strerror}。"
                ) from exc
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


class WrongThread(RuntimeError):
    """Database work was started on a thread the program keeps free of it (the desktop program's GUI thread)."""


def _refuse_writes_when_reading(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get("read_only"):
        raise RuntimeError("a read-only use case tried to write")


@dataclass
class Database:
    """One opened database: hands out write transactions (`writing`) and read-only ones (`reading`)."""

    url: str
    engine: Engine
    _thread: int | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        writer = self.engine.execution_options(fireinvest_begin="IMMEDIATE")
        reader = (
            self.engine.execution_options(postgresql_readonly=True) if self.backend == "postgresql" else self.engine
        )
        self._write_sessions = sessionmaker(bind=writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(bind=reader, expire_on_commit=False, info={"read_only": True})
        event.listen(self._read_sessions, "before_flush", _refuse_writes_when_reading)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @property
    def display_url(self) -> str:
        return describe_url(self.url)

    def confine_to_thread(self, thread_id: int | None) -> None:
        """Refuse database work on every thread but this one (None: any thread). The desktop program confines the
        database to its worker thread, so work slipping onto the GUI thread fails loudly instead of freezing it."""
        self._thread = thread_id

    def _check_thread(self) -> None:
        if self._thread is not None and threading.get_ident() != self._thread:
            raise WrongThread(f"database work on thread {threading.current_thread().name}, outside the database thread")

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose changes are committed together when the block ends, or not at all."""
        self._check_thread()
        with translate_database_errors(), self._write_sessions() as session:
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session; nothing it does is committed."""
        self._check_thread()
        with translate_database_errors(), self._read_sessions() as session:
            yield session
            session.rollback()

    def schema_revision(self) -> str | None:
        """The schema revision the database has (`fireinvest db info`)."""
        with self.engine.connect() as connection:
            return stored_revision(connection)

    def dispose(self) -> None:
        self.engine.dispose()


def advisory_key(name: str) -> int:
    """The PostgreSQL advisory lock key of a named lock (the same on every workstation)."""
    return zlib.crc32(f"fireinvest:{name}".encode())


def hold_named_lock(session: Session, name: str) -> None:
    """Serialise work under this name with other workstations until the transaction ends. PostgreSQL: an advisory
    lock. SQLite needs nothing: a writing() transaction already excludes every other writer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(name)})


@contextmanager
def translate_database_errors() -> Iterator[None]:
    """Turn a locked, missing or unreachable database into one clear error the GUI and CLI can show."""
    try:
        yield
    except OperationalError as exc:
        raise DatabaseUnavailable.from_exception(exc) from exc
    except DatabaseError as exc:
        # Plain DatabaseError (not IntegrityError and kin) means the file or server is not usable as a database.
        if type(exc) is DatabaseError:
            raise DatabaseUnavailable.from_exception(exc) from exc
        raise
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DatabaseUnavailable.from_exception(exc) from exc
        raise


def stored_revision(connection: Connection) -> str | None:
    """The schema revision the database says it has; None for a database without FireInvest's tables."""
    try:
        with connection.begin():
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):  # no such table: a new, empty database
        return None


def alembic_config(engine: Engine | None = None) -> Any:
    from importlib import resources

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("fireinvest.migrations")))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Apply every pending Alembic revision, one workstation at a time."""
    from alembic import command  # loaded only when there is something to migrate: it costs start-up time

    config = alembic_config(engine)
    sqlite = engine.url.get_backend_name() == "sqlite"
    # SQLite: BEGIN IMMEDIATE, so a second workstation waits before it reads the schema version, not after.
    with engine.connect().execution_options(fireinvest_begin="IMMEDIATE") as connection:
        if sqlite:
            # A batch migration alters a SQLite table by copying it, dropping the old one and renaming the copy. With
            # foreign keys enforced, dropping fire_cases deletes every row that refers to it (ON DELETE CASCADE):
            # each case's events, parties, evidence and documents. They are switched off for the migration (SQLite
            # takes this only outside a transaction, hence on the driver's connection) and checked afterwards.
            _sqlite_foreign_keys(connection, on=False)
        if engine.url.get_backend_name() == "postgresql":
            # A session lock, taken outside the migration's transaction: held while Alembic runs its DDL and released
            # after it committed, so the next workstation finds the schema done.
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": advisory_key(SETUP_LOCK)})
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:  # rolled back with the migration: the database stays as it was
                        raise RuntimeError(f"schema migration left {len(broken)} broken references, e.g. {broken[0]}")
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)  # the pooled connection goes back as every other one is
            if engine.url.get_backend_name() == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": advisory_key(SETUP_LOCK)})
                connection.commit()


def _sqlite_foreign_keys(connection: Any, *, on: bool) -> None:
    """Switch SQLite's foreign key enforcement for this connection, outside any transaction."""
    driver = connection.connection.driver_connection
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database and bring its schema up to date."""
    resolved = resolve_database_url(url)
    engine = create_engine_for(resolved)
    try:
        with translate_database_errors():
            with engine.connect() as connection:
                current = stored_revision(connection)
            if current != SCHEMA_REVISION:
                if not migrate:
                    raise DatabaseUnavailable("数据库结构不是最新版本，请先运行 fireinvest db upgrade。")
                upgrade_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(resolved, engine)
