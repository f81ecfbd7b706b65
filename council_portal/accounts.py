"""Where sign-in lands, and password reset and change, in the portal's own pages
(``templates/registration/``).

Sign-in (``SignInView``) sends each person where their role works: staff to the staff
area, councillors to their meetings, anyone else home; a safe ``?next=`` comes first.

Asking for a reset sends an e-mail, so asking is rate limited by django-ratelimit: 5 an
hour from one client address (``council_portal.clientip``, the rule sign-in lockouts
use) and 3 an hour for one e-mail address, whoever asks. Past either, the page answers
429 and sends nothing; it says the same whether or not the address has an account.
"""

import unicodedata

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django_ratelimit.decorators import ratelimit

from .clientip import ratelimit_key

RESETS_PER_ADDRESS = "5/h"
RESETS_PER_EMAIL = "3/h"


class SignInView(auth_views.LoginView):
    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if user.has_perm("meetings.publish_meeting"):
            return resolve_url("staff:dashboard")
        if user.has_perm("meetings.view_exempt_papers"):
            return resolve_url("meetings:my_meetings")
        return resolve_url("home")


def email_key(group: str, request: HttpRequest) -> str:
    """The e-mail address asked for, as django-ratelimit's key: one address however typed.

    Normalised (NFKC) and casefolded, as Django's reset form compares the address it finds
    (``PasswordResetForm.get_users``): "ſam@…" (a long s) finds sam@… through PostgreSQL's
    case-insensitive match, so it must count as the same address here."""
    return unicodedata.normalize("NFKC", request.POST.get("email", "").strip()).casefold()


@ratelimit(
    group="password-reset-address",
    key=ratelimit_key,
    rate=RESETS_PER_ADDRESS,
    method="POST",
    block=False,
)
@ratelimit(
    group="password-reset-email",
    key=email_key,
    rate=RESETS_PER_EMAIL,
    method="POST",
    block=False,
)
def password_reset(request: HttpRequest) -> HttpResponse:
    if request.limited:
        return TemplateResponse(request, "registration/password_reset_limited.html", status=429)
    return auth_views.PasswordResetView.as_view()(request)
