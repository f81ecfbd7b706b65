"""Sign-in takes each person where their role works, and a refused page says why."""

import pytest

PASSWORD = "correct horse battery staple"


def sign_in(client, username: str, next_url: str | None = None):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("persona", "landing"),
    [("clerk", "/staff/"), ("councillor", "/my-meetings/"), ("resident", "/")],
)
def test_it_lands_each_role_where_it_works(client, request, persona, landing):
    request.getfixturevalue(persona)
    response = sign_in(client, persona)
    assert response.redirect_chain[-1][0] == landing


def test_it_follows_a_safe_next(client, councillor):
    response = sign_in(client, "councillor", "/decisions/")
    assert response.redirect_chain[-1][0] == "/decisions/"


def test_it_ignores_a_next_to_another_site(client, councillor):
    response = sign_in(client, "councillor", "https://evil.example/")
    assert response.redirect_chain[-1][0] == "/my-meetings/"


def test_the_403_page_is_styled_and_says_where_to_go(client, councillor):
    client.force_login(councillor)
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "/static/css/portal.css" in response.text
    assert "<h1>You cannot see this page</h1>" in response.text
    assert 'href="/"' in response.text and 'href="/my-meetings/"' in response.text
    assert "Sign out and sign in as someone else" in response.text
