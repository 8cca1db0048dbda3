"""An older database keeps working after an update of the app that adds columns."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    false,
    insert,
    select,
)

from session_app.store import Member, Store, TeamSession, add_missing_columns


def _things(*extra: Column) -> MetaData:
    metadata = MetaData()
    Table("things", metadata, Column("id", Integer, primary_key=True), *extra)
    return metadata


def test_new_columns_are_added_with_their_defaults(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/old.db")
    old = _things()
    old.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(old.tables["things"]).values(id=1))

    new = _things(
        Column("flag", Boolean, nullable=False, server_default=false()),
        Column("note", String(20), nullable=True),
    )
    assert add_missing_columns(engine, new) == ["things.flag", "things.note"]
    with engine.connect() as connection:
        row = connection.execute(select(new.tables["things"])).one()
    assert (row.id, row.flag, row.note) == (1, False, None)
    # A second start finds nothing to do.
    assert add_missing_columns(engine, new) == []
    engine.dispose()


def test_a_database_made_before_a_column_existed_still_serves_its_sessions(tmp_path):
    url = f"sqlite:///{tmp_path}/sessions.db"
    first = Store(url)
    with first.transaction() as db:
        s = TeamSession(team_name="Raad", join_code="ACDEFG")
        s.members.append(Member(name="Anna"))
        db.add(s)
    with first.engine.begin() as connection:  # as an older version of the app made it
        connection.exec_driver_sql("ALTER TABLE members DROP COLUMN group_no")
    first.engine.dispose()

    again = Store(url)
    with again.transaction() as db:
        s = Store.load(db, join_code="ACDEFG")
        assert [(m.name, m.group_no) for m in s.members] == [("Anna", None)]
    again.engine.dispose()
