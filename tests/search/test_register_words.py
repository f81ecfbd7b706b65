"""The decisions register's box for words: visible, labelled, and narrowing the records by
the words of their titles and decisions through the search layer."""

from .test_search import archive  # noqa: F401  (the fixture)


def test_it_shows_a_labelled_box_for_words(client, db):
    response = client.get("/decisions/")
    assert '<label for="id_q">Words in the title or decision</label>' in response.text
    assert 'type="search" name="q"' in response.text
    assert 'type="hidden" name="q"' not in response.text


def test_it_finds_records_by_the_words_of_their_decision(client, archive):  # noqa: F811
    response = client.get("/decisions/", {"q": "revised"})
    assert "Home to School Transport Policy" in response.text
    assert "Library Opening Hours" not in response.text
    assert "1 decision record" in response.text
    assert 'value="revised"' in response.text


def test_it_finds_records_by_the_words_of_their_title(client, archive):  # noqa: F811
    response = client.get("/decisions/", {"q": "opening hours"})
    assert "Library Opening Hours" in response.text
    assert "1 decision record" in response.text
