"""Engine and unit-of-work factory: SQLite pragmas, PostgreSQL options, migrations on open.

The database is chosen by `--database URL`, else FIREINVEST_DATABASE_URL, else an SQLite file in the user's data
directory. Opening a database always brings its schema to the newest Alembic revision first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from fireinvest.errors import DatabaseUnavailable

ENV_DATABASE_URL = "FIREINVEST_DATABASE_URL"
APP_NAME = "FireInvest"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def data_directory() -> Path:
    """Where the embedded database (and later the attachment store) lives for this user."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
        # Writers take the write lock up front (BEGIN IMMEDIATE) so two workstations never both read the same
        # counter and then fail to upgrade; readers use a plain deferred BEGIN and never block writers in WAL.
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


def alembic_config(engine: Engine | None = None) -> Config:
    from importlib import resources

    config = Config()
    config.set_main_option("script_location", str(resources.files("fireinvest.migrations")))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Apply every pending Alembic revision."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


@dataclass
class Database:
    """One opened database: hands out units of work (write sessions) and read sessions."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        writer = self.engine.execution_options(fireinvest_begin="IMMEDIATE")
        self._write_sessions = sessionmaker(bind=writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(bind=self.engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @property
    def display_url(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose changes are committed together when the block ends, or not at all."""
        with translate_database_errors(), self._write_sessions() as session:
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        with translate_database_errors(), self._read_sessions() as session:
            yield session
            session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


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


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database and bring its schema up to date."""
    resolved = resolve_database_url(url)
    engine = create_engine_for(resolved)
    try:
        with translate_database_errors():
            if migrate:
                upgrade_schema(engine)
            elif not schema_is_current(engine):
                raise DatabaseUnavailable("数据库结构不是最新版本，请先运行 fireinvest db upgrade。")
    except BaseException:
        engine.dispose()
        raise
    return Database(resolved, engine)
