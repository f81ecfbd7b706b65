"""The filter forms' selects: written in one go, the same HTML as Django's own."""

import pytest
from django import forms
from django.test.html import parse_html

from decisions.forms import DecisionFilterForm
from meetings.forms import QuickSelect
from search.forms import SearchForm

CHOICES = [("", "Any"), ("cabinet", "Cabinet"), ("r&d", "Research & <Development>")]


@pytest.mark.parametrize("value", [None, "", "cabinet", "r&d", "unknown"])
def test_a_quick_select_is_django_s_select(value):
    attrs = {"id": "id_committee", "aria-describedby": "hint"}
    ours = QuickSelect(choices=CHOICES).render("committee", value, attrs)
    django = forms.Select(choices=CHOICES).render("committee", value, attrs)
    assert parse_html(ours) == parse_html(django)


@pytest.mark.django_db
@pytest.mark.parametrize("form", [SearchForm, DecisionFilterForm])
def test_every_select_of_the_filter_forms_is_quick(form):
    selects = [f for f in form().fields.values() if isinstance(f.widget, forms.Select)]
    assert selects and all(isinstance(f.widget, QuickSelect) for f in selects)
