"""A choice field's blank choice is said in words, never as Django's "---------"."""

from django import forms

from alongside.accounts.models import User
from alongside.core.forms import Form

KINDS = [("", "---------"), ("a", "Apples"), ("b", "Pears")]


class Choices(Form):
    required_list = forms.ChoiceField(choices=KINDS)
    optional_list = forms.ChoiceField(choices=KINDS, required=False)
    required_buttons = forms.ChoiceField(choices=KINDS, widget=forms.RadioSelect)
    optional_buttons = forms.ChoiceField(choices=KINDS, required=False, widget=forms.RadioSelect)
    named = forms.ChoiceField(choices=[("", "Nobody yet"), ("a", "Apples")], required=False)
    person = forms.ModelChoiceField(queryset=User.objects.none())


def test_a_list_says_choose_one_or_not_chosen_and_a_required_radio_has_no_blank_button(db):
    page = str(Choices())
    assert "---------" not in page
    assert '<option value="" selected>Choose one</option>' in page
    assert '<option value="">Not chosen</option>' in page or (
        '<option value="" selected>Not chosen</option>' in page
    )
    assert page.count('name="required_buttons"') == 2  # apples and pears only
    assert page.count('name="optional_buttons"') == 3  # and "Not chosen", to clear it
    assert "Nobody yet" in page  # a blank the form named itself stays as it is


def test_a_required_radio_without_its_blank_still_refuses_no_answer(db):
    form = Choices({"required_list": "a", "required_buttons": "", "person": ""})
    assert not form.is_valid()
    assert "required_buttons" in form.errors and "optional_list" not in form.errors


def test_each_form_gets_its_own_words_and_the_class_keeps_djangos(db):
    Choices()["required_list"]
    assert ("", "---------") in Choices.base_fields["required_list"].widget.choices
