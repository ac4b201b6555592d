"""The data inventory cannot go stale: every column of every model and of the live
schema is declared, every way to reach a person is known and handled, docs/data.md
is made from it."""

from peewee import Model

from service.db import database
from service.models import ALL_MODELS
from service.privacy import inventory
from service.privacy.inventory import (
    AGGREGATE,
    BLANK,
    DELETE,
    KEEP,
    MACHINERY,
    NULL,
    REACHES_PERSON,
    REKEY,
    TABLES,
)

ROW_ACTIONS = {DELETE: {DELETE, AGGREGATE}, "scrub": {KEEP, NULL, BLANK, REKEY}, None: {KEEP}}


def test_every_model_column_is_declared_and_nothing_else():
    problems = []
    for model in ALL_MODELS:
        table = model._meta.table_name
        if table not in TABLES:
            problems.append(f"table {table} is not in the inventory")
            continue
        columns = {f.column_name for f in model._meta.sorted_fields}
        declared = set(TABLES[table]["columns"])
        problems += [f"{table}.{c} is not declared" for c in sorted(columns - declared)]
        problems += [f"{table}.{c} is declared but gone" for c in sorted(declared - columns)]
    stale = set(TABLES) - {m._meta.table_name for m in ALL_MODELS}
    problems += [f"table {t} is declared but gone" for t in sorted(stale)]
    assert problems == []


def test_every_column_of_the_live_schema_is_declared(app):
    problems = []
    for table in database.get_tables():
        if table in MACHINERY:
            continue
        if table not in TABLES:
            problems.append(f"table {table} is in the database but not in the inventory")
            continue
        for column in database.get_columns(table):
            if column.name not in TABLES[table]["columns"]:
                problems.append(f"{table}.{column.name} is in the database but not declared")
    assert problems == []


def test_the_models_reach_the_person_exactly_where_the_inventory_says():
    reached = set(inventory.reach(inventory.model_edges(ALL_MODELS)))
    assert reached == REACHES_PERSON, (
        "a table reaches a participant that the inventory does not list (or no longer does): "
        f"new {sorted(reached - REACHES_PERSON)}, gone {sorted(REACHES_PERSON - reached)}; "
        "declare how erasure handles it"
    )


def test_the_live_schema_reaches_the_person_exactly_where_the_inventory_says(app):
    edges = [
        (table, fk.column, fk.dest_table)
        for table in database.get_tables()
        for fk in database.get_foreign_keys(table)
    ]
    assert set(inventory.reach(edges)) == REACHES_PERSON


def test_a_new_foreign_key_to_the_person_fails_the_check():
    class Diary(Model):  # a table someone adds next year
        class Meta:
            table_name = "diary"

    edges = [*inventory.model_edges(ALL_MODELS), ("diary", "enrolment_id", "enrolment")]
    assert set(inventory.reach(edges)) - REACHES_PERSON == {"diary"}


def test_what_erasure_does_to_a_row_agrees_with_its_columns():
    problems = []
    for table, spec in TABLES.items():
        rows = spec["rows"]
        actions = {col.erasure for col in spec["columns"].values()}
        if not actions <= ROW_ACTIONS[rows]:
            problems.append(f"{table}: rows {rows} but columns say {sorted(actions)}")
        if table in REACHES_PERSON and rows is None:
            problems.append(f"{table} reaches a person but erasure leaves its rows alone")
        if rows == "scrub" and actions == {KEEP}:
            problems.append(f"{table}: scrubbed rows with nothing to scrub")
        if rows is not None and table not in REACHES_PERSON and not spec.get("refers"):
            problems.append(f"{table}: erasure acts on rows it can never find")
        for name, col in spec["columns"].items():
            if col.retention not in inventory.RETENTION:
                problems.append(f"{table}.{name}: unknown retention {col.retention}")
            if col.holds in (inventory.FREE_TEXT, inventory.CONTACT, inventory.HEALTH):
                if table in REACHES_PERSON and col.erasure in (KEEP,):
                    problems.append(f"{table}.{name} holds {col.holds} and erasure keeps it")
    assert problems == []


def test_docs_data_md_is_made_from_the_inventory():
    assert inventory.DOC.read_text(encoding="utf-8") == inventory.markdown(), (
        "docs/data.md is out of date: run `python -m service.privacy.inventory`"
    )


def test_every_table_about_a_person_says_whose_its_rows_are():
    """An organisation's erasure takes its own rows: a table that cannot say whose
    a row is would be left behind or taken from the wrong organisation."""
    unowned = [
        table
        for table in sorted(REACHES_PERSON - {"participant"})
        if table not in inventory.BELONGS_THROUGH
        and "organisation_id" not in TABLES[table]["columns"]
    ]
    assert unowned == []
    for table, (column, parent) in inventory.BELONGS_THROUGH.items():
        assert column in TABLES[table]["columns"]
        assert parent in inventory.BELONGS_THROUGH or "organisation_id" in TABLES[parent]["columns"]
