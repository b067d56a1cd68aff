from fieldnotes.wording import count


def test_count_says_one_thing_or_many():
    assert count(1, "attachment") == "1 attachment"
    assert count(0, "attachment") == "0 attachments"
    assert count(2, "revision") == "2 revisions"
    assert count(3, "entry", "entries") == "3 entries"
    assert count(1, "entry", "entries") == "1 entry"
