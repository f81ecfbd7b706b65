"""Resetting and changing a password happen in the portal's own pages, and asking for a
reset is rate limited by client address and by e-mail address."""

import re

import pytest
from django.core import mail
from django.test import Client

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a different horse entirely 42"


@pytest.fixture
def clerk_with_email(clerk):
    clerk.email = "clerk@example.gov.uk"
    clerk.save()
    return clerk


def assert_portal_page(response, heading: str):
    assert response.status_code == 200
    assert 'class="site-header"' in response.text and f"<h1>{heading}</h1>" in response.text
    assert "Django administration" not in response.text and "Django site admin" not in response.text


def ask_for_reset(email: str, address: str = "203.0.113.7"):
    return Client(REMOTE_ADDR=address).post("/accounts/password_reset/", {"email": email})


def test_the_reset_pages_are_the_portals_own(client, clerk_with_email):
    assert_portal_page(client.get("/accounts/password_reset/"), "Reset your password")
    response = client.post("/accounts/password_reset/", {"email": clerk_with_email.email})
    assert response.status_code == 302
    assert_portal_page(client.get(response["Location"]), "Check your e-mail")
    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)
    assert_portal_page(form, "Choose a new password")
    assert '<label for="id_new_password1">' in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert_portal_page(done, "Your password has been changed")
    signed_in = client.post("/accounts/login/", {"username": "clerk", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_a_used_link_says_so(client, db):
    assert_portal_page(client.get("/accounts/reset/MQ/set-password/"), "This link no longer works")


def test_an_invalid_address_is_summarised(client, db):
    response = client.post("/accounts/password_reset/", {"email": "not an address"})
    assert 'class="error-summary"' in response.text and 'href="#id_email"' in response.text


def test_changing_a_password_has_the_portals_pages(client, councillor):
    client.force_login(councillor)
    assert_portal_page(client.get("/accounts/password_change/"), "Change your password")
    wrong = client.post(
        "/accounts/password_change/",
        {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert 'class="error-summary"' in wrong.text and 'href="#id_old_password"' in wrong.text
    done = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert_portal_page(done, "Your password has been changed")


def test_the_sixth_request_from_one_address_in_an_hour_is_refused(db):
    for n in range(5):
        assert ask_for_reset(f"person{n}@example.gov.uk").status_code == 302
    refused = ask_for_reset("person9@example.gov.uk")
    assert refused.status_code == 429
    assert "<h1>Too many requests to reset a password</h1>" in refused.text
    assert 'class="site-header"' in refused.text
    assert ask_for_reset("person9@example.gov.uk", address="198.51.100.2").status_code == 302


def test_the_fourth_request_for_one_email_in_an_hour_is_refused(clerk_with_email):
    for n in range(3):
        assert ask_for_reset("clerk@example.gov.uk", address=f"203.0.113.{n}").status_code == 302
    assert ask_for_reset("Clerk@Example.gov.uk ", address="198.51.100.2").status_code == 429
    assert len(mail.outbox) == 3


def test_an_address_spelt_with_look_alike_letters_counts_as_the_same_address(clerk):
    """ "ſ" (long s) finds s@… on PostgreSQL (UPPER("ſ") is "S") and Django's reset form
    sends to it, so it must not open a new count: the key is the address as the lookup
    compares it, normalised and casefolded."""
    clerk.email = "sam@example.gov.uk"
    clerk.save()
    spellings = ["sam@example.gov.uk", "ſam@example.gov.uk", "SAM@example.gov.uk"]
    for n, spelling in enumerate(spellings):
        assert ask_for_reset(spelling, address=f"203.0.113.{n}").status_code == 302
    assert ask_for_reset("ſAM@EXAMPLE.gov.uk", address="198.51.100.2").status_code == 429
    assert len(mail.outbox) <= 3


def test_behind_the_proxy_the_limit_counts_the_clients_address(db, settings):
    settings.BEHIND_HTTPS_PROXY = True
    settings.PROXY_COUNT = 1

    def ask(n: int, forwarded_for: str):
        return Client(HTTP_X_FORWARDED_FOR=forwarded_for).post(
            "/accounts/password_reset/", {"email": f"p{n}@example.gov.uk"}
        )

    for n in range(5):
        assert ask(n, f"10.0.0.{n}, 203.0.113.7").status_code == 302
    assert ask(8, "10.9.9.9, 203.0.113.7").status_code == 429
    assert ask(9, "198.51.100.2").status_code == 302


def test_without_the_proxy_a_forged_forwarded_for_does_not_escape_the_limit(db):
    for n in range(5):
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post(
            "/accounts/password_reset/", {"email": f"p{n}@example.gov.uk"}
        )
    refused = Client(HTTP_X_FORWARDED_FOR="198.51.100.2").post(
        "/accounts/password_reset/", {"email": "p9@example.gov.uk"}
    )
    assert refused.status_code == 429
