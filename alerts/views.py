"""Alerts without an account: the sign-up form (``alerts/sign_up.html``), confirming it,
an address's own page of alerts (``alerts/manage.html``) and RFC 8058's one-click
unsubscribe. Every page but the form is reached by a signed link from an e-mail, and
none is ever cached: they show one person's address.

Signing up answers the same whether or not the address is known, and is rate limited
as password resets are: 5 an hour from one client address, 3 an hour for one e-mail
address; past either, 429 and nothing sent."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from council_portal.accounts import email_key
from council_portal.clientip import ratelimit_key

from . import tokens
from .digest import confirmation_send
from .forms import SignUpForm

SIGN_UPS_PER_ADDRESS = "5/h"
SIGN_UPS_PER_EMAIL = "3/h"


def _bad_link(request: HttpRequest, error: tokens.BadLink) -> HttpResponse:
    return render(request, "alerts/bad_link.html", {"error": error}, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(
    group="alerts-address", key=ratelimit_key, rate=SIGN_UPS_PER_ADDRESS, method="POST", block=False
)
@ratelimit(group="alerts-email", key=email_key, rate=SIGN_UPS_PER_EMAIL, method="POST", block=False)
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "alerts/sign_up.html", {"form": SignUpForm(initial=request.GET)})
    if request.limited:
        return render(request, "alerts/limited.html", status=429)
    form = SignUpForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/sign_up.html", {"form": form}, status=400)
    with transaction.atomic():
        subscriber, alerts = form.save()
    confirmation_send(subscriber, alerts)
    return render(request, "alerts/check_your_email.html", {"email": form.cleaned_data["email"]})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail scanner following the link confirms nothing); POST confirms."""
    try:
        subscriber, alert_ids = tokens.read("confirm", token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        subscriber.confirm(alert_ids)
        return redirect("alerts:manage", tokens.make("manage", subscriber))
    alerts = subscriber.alerts.filter(pk__in=alert_ids).select_related("committee")
    return render(request, "alerts/confirm.html", {"subscriber": subscriber, "alerts": alerts})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The address's alerts; POST ``remove`` (an alert's id) removes one, ``delete``
    removes the address and every alert at once."""
    try:
        subscriber, _ = tokens.read("manage", token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        if "delete" in request.POST:
            subscriber.delete()
            return render(request, "alerts/deleted.html")
        remove = request.POST.get("remove", "")
        alert = subscriber.alerts.filter(pk=remove).first() if remove.isdigit() else None
        if alert is not None and alert.remove():
            return render(request, "alerts/deleted.html")
        return redirect(request.path)
    alerts = subscriber.alerts.select_related("committee")
    return render(request, "alerts/manage.html", {"subscriber": subscriber, "alerts": alerts})


@csrf_exempt  # RFC 8058: the mail client POSTs with no page, so with no CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """POST (a mail client's one click, or the button) deletes the address and its
    alerts; GET shows the button."""
    try:
        subscriber, _ = tokens.read("unsubscribe", token)
    except tokens.BadLink as error:
        if error.gone:  # unsubscribed already: a second click says so again
            return render(request, "alerts/deleted.html")
        return _bad_link(request, error)
    if request.method == "POST":
        subscriber.delete()
        return render(request, "alerts/deleted.html")
    return render(request, "alerts/unsubscribe.html", {"subscriber": subscriber})
