"""Sign-in guessing is stopped, forms carry CSRF tokens, and no inline script may run."""

from pathlib import Path

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"


def sign_in(client: Client, password: str):
    return client.post("/accounts/login/", {"username": "clerk", "password": password})


def test_five_wrong_passwords_lock_the_account_for_a_while(clerk):
    client = Client()
    for _ in range(5):
        response = sign_in(client, "guess")
        assert response.status_code in (200, 429)
    locked = sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert "Signing in is blocked for now" in locked.text
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in(clerk):
    client = Client()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_a_wrong_password_says_so_without_saying_which_part(clerk):
    response = sign_in(Client(), "guess")
    assert "Your username or password was not right." in response.text


def test_posting_without_a_csrf_token_is_refused(clerk):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, PASSWORD).status_code == 403
    client.force_login(clerk)
    assert client.post("/staff/meetings/1/publish/").status_code == 403


@pytest.mark.parametrize("url", ["/", "/decisions/", "/accounts/login/"])
def test_every_page_forbids_inline_script(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_or_style():
    for template in (Path(__file__).resolve().parent.parent / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script" not in text and "style=" not in text and "<style" not in text, template


def sign_in_from(address: str, password: str):
    """A fresh browser whose request reaches the portal with ``X-Forwarded-For: address``."""
    return Client(HTTP_X_FORWARDED_FOR=address).post(
        "/accounts/login/", {"username": "clerk", "password": password}
    )


def test_behind_the_proxy_a_lockout_holds_one_address_only(clerk, settings):
    settings.BEHIND_HTTPS_PROXY = True
    settings.PROXY_COUNT = 1
    for _ in range(5):
        sign_in_from("203.0.113.7", "guess")
    assert sign_in_from("203.0.113.7", PASSWORD).status_code == 429
    assert sign_in_from("198.51.100.2", PASSWORD).status_code == 302


def test_behind_the_proxy_the_client_cannot_choose_its_address(clerk, settings):
    settings.BEHIND_HTTPS_PROXY = True
    settings.PROXY_COUNT = 1
    for n in range(5):
        sign_in_from(f"10.0.0.{n}, 203.0.113.7", "guess")
    assert sign_in_from("10.9.9.9, 203.0.113.7", PASSWORD).status_code == 429


def test_without_the_proxy_a_forged_forwarded_for_does_not_escape_the_lock(clerk, settings):
    settings.BEHIND_HTTPS_PROXY = False
    for n in range(5):
        sign_in_from(f"203.0.113.{n}", "guess")
    assert sign_in_from("198.51.100.2", PASSWORD).status_code == 429
