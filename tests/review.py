"""Helpers for tests that post the staff review page as a browser would."""


def review_data(staff_client, meeting) -> dict:
    """The review form's fields as the browser would send them back unchanged."""
    response = staff_client.get(f"/staff/meetings/{meeting.pk}/")
    items, reports = response.context["items"], response.context["reports"]
    post = {}
    for formset in (items, reports):
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
