"""The case list reads the cases through their own partial index (migration 009), and gets
exactly what the same query over the whole table gets."""

from __future__ import annotations

from fieldnotes.records.store import _COLUMNS, Store, _row


def test_case_list_is_read_from_its_index_and_matches_the_table(vault):
    s = Store(vault.conn, vault.fingerprint)
    made = [s.create("case", {"title": f"Case {n}"}) for n in range(5)]
    for case in made:
        s.create("note", {"text": "not a case"}, case)
    s.delete(made[1])
    s.update(made[2], {"title": "Renamed"})
    said: list[str] = []
    vault.conn.set_trace_callback(said.append)
    listed = s.list("case")
    vault.conn.set_trace_callback(None)
    [sql] = said   # what Store.list ran, every value in it a literal
    plan = " ".join(str(r) for r in vault.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "COVERING INDEX records_case_list" in plan
    whole = [_row(r) for r in vault.conn.execute(
        f"SELECT {_COLUMNS} FROM records NOT INDEXED WHERE type = ? AND deleted = 0 "
        "ORDER BY created, id", ("case",))]
    assert listed == whole
    assert [c["title"] for c in listed] == ["Case 0", "Renamed", "Case 3", "Case 4"]
    assert {c["id"] for c in s.list("case", include_deleted=True)} == set(made)
