"""The migrations build exactly the schema bot/store/models.py describes, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.store import db as store
from bot.store.models import Base

# Tables that slack_sdk's OAuth stores own (migration 0002 builds them from slack_sdk itself).
FOREIGN_TABLES = ("slack_",)


def _ours(difference: object) -> bool:
    for part in difference if isinstance(difference, tuple) else (difference,):
        table = getattr(part, "table", None) if not hasattr(part, "name") else part
        name = getattr(table, "name", "") or ""
        if isinstance(name, str) and name.startswith(FOREIGN_TABLES):
            return False
    return True


def test_migrations_match_the_models(empty_db_url: str) -> None:
    store.upgrade(empty_db_url)
    engine = create_engine(store.sync_database_url(empty_db_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata) if _ours(d)]
    finally:
        engine.dispose()
    assert differences == []


def test_the_space_migration_downgrades_and_upgrades_again(empty_db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    store.upgrade(empty_db_url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS_DIR))
    config.attributes["database_url"] = store.sync_database_url(empty_db_url)
    command.downgrade(config, "0002")
    engine = create_engine(store.sync_database_url(empty_db_url))
    try:
        assert "space_allowances" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    test_migrations_match_the_models(empty_db_url)  # upgrades again, then compares
