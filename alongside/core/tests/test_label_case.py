"""Every label starts with a capital, as a sentence does, wherever a form wrote it in lower case
(the resource search read "words", "need", "area"; the client's letter "what may go in the
letter"), in the label, the fieldset's legend and the error summary."""

from django import forms

from alongside.core.forms import Form


class Lower(Form):
    words = forms.CharField(label="words to look for", max_length=20)
    kinds = forms.MultipleChoiceField(
        label="run by and for", choices=[("a", "Apples")], widget=forms.CheckboxSelectMultiple
    )


def test_a_lower_case_label_is_shown_with_a_capital():
    page = str(Lower())
    assert '<label for="id_words">Words to look for' in page
    assert "<legend>Run by and for" in page


def test_the_error_summary_starts_each_line_with_a_capital():
    page = str(Lower(data={}))
    assert "Words to look for: This field is required." in page
