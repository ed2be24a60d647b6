"""Alembic revisions: the only way the schema changes (installed as fireinvest.migrations)."""
