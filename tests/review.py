"""Helpers for tests that post the staff review page as a browser would."""


def review_data(staff_client, meeting) -> dict:
    """The review form's fields as the browser would send them back unchanged."""
    response = staff_client.get(f"/staff/meetings/{meeting.pk}/")
    items = response.context["items"]
    post = {}
    for formset in (items,):
        for key, value in formset.management_form.initial.items():
            post[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is True:
                    post[form.add_prefix(name)] = "on"
                elif value not in (None, False):
                    post[form.add_prefix(name)] = value
    return {"post": post, "items": [form.instance.pk for form in items.forms]}


def record_data(staff_client, meeting, kind: str, record) -> dict:
    """A record's correction page ("reports", "minutes", "decisions") as the browser would
    send it back unchanged: its form, and the formsets of minutes (attendance, items)."""
    url = f"/staff/meetings/{meeting.pk}/{kind}/{record.pk}/"
    context = staff_client.get(url).context
    post = {}
    forms = [context["form"]]
    for _, _, formset in context["formsets"]:
        post.update(
            {
                f"{formset.prefix}-{key}": value
                for key, value in formset.management_form.initial.items()
            }
        )
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                post[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                post[form.add_prefix(name)] = value
    return post


def correct_record(staff_client, meeting, kind: str, record, **changes):
    """Post a record's correction form with ``changes`` ("is_exempt": None unticks it)."""
    post = record_data(staff_client, meeting, kind, record)
    for name, value in changes.items():
        if value is None:
            post.pop(name, None)
        else:
            post[name] = value
    return staff_client.post(f"/staff/meetings/{meeting.pk}/{kind}/{record.pk}/", post)


def make_public(staff_client, meeting, target: str, *, reason: str, confirm: bool = True):
    """Post "Make public" for one target of ``exemption.exempt_targets`` ("item:12",
    "report:5"), with its reason; confirmed past the preview unless ``confirm`` is off."""
    data = {"form": "make_public", "make_public-target": target, "make_public-reason": reason}
    if confirm:
        data["publish_correction"] = "1"
    return staff_client.post(f"/staff/meetings/{meeting.pk}/", data)
