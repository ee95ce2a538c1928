"""Form pieces shared by every app: errors tied to their fields for screen readers, and
input that can't be stored refused on the field it was typed in."""

import datetime
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

UNSTORABLE = _(
    "This has a character in it that can't be saved (an invisible control character or a "
    "broken symbol). Please delete it, or type the text again."
)


class Renderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


# Django's label for the blank choice of a choice field (django.db.models.BLANK_CHOICE_DASH).
BLANK_DASHES = "---------"


def _blank_in_words(field) -> None:
    """Say the blank choice in words ("Choose one", or "Not chosen" where it may stay blank),
    not Django's "---------"; on required radio buttons drop it, as it read as one more way
    to answer. A form that names its own blank choice keeps it."""
    drop = field.required and isinstance(field.widget, forms.RadioSelect)
    words = _("Choose one") if field.required else _("Not chosen")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK_DASHES:
            field.empty_label = None if drop else words
    elif isinstance(field, forms.ChoiceField):
        # By now Django has made the field's choices a plain list of pairs (its stubs allow
        # the forms it accepts, a mapping or a callable, too).
        choices: list = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0][0] == "" and str(choices[0][1]) == BLANK_DASHES:
            field.choices = choices[1:] if drop else [("", words), *choices[1:]]


class AccessibleBoundField(BoundField):
    """Points each input at its help text and its error list, and marks it invalid."""

    def __init__(self, form, field, name):
        # Bound fields are made once the form's own copies of its fields are final (after
        # any __init__ has changed their choices), so this sees what will be shown.
        _blank_in_words(field)
        super().__init__(form, field, name)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = []
        if self.help_text:
            described.append(f"{self.auto_id}_helptext")
        if self.errors:
            described.append(f"{self.auto_id}_errors")
            attrs["aria-invalid"] = "true"
        if _language_checked(widget or self.field.widget):
            editor = _language_editor()
            attrs.update(editor.checker_attrs(self))
            described.append(f"{editor.region_id(self)}_summary")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


@cache
def _language_editor():
    # The checker's editor lives in an app above core (writing); core names it only by the
    # setting, so the ground floor imports nothing above it (import-linter's layers).
    return import_module(settings.LANGUAGE_CHECK_EDITOR)


def _language_checked(widget) -> bool:
    return widget.attrs.get("data-language-check") == "on"


def unstorable(value) -> bool:
    """A NUL byte (PostgreSQL refuses it in text) or a lone surrogate (not UTF-8, so it can
    be neither encrypted nor stored), in a value or a list of values."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list | tuple):
        return any(unstorable(item) for item in value)
    return False


# The range of a 64-bit database integer: SQLite raises OverflowError for an id outside it in
# an `__in` lookup, which ModelMultipleChoiceField makes (Django guards only `exact`).
ID_RANGE = range(-(2**63), 2**63)


# The years a date typed or asked for may fall in. Beyond them the arithmetic a page does on
# a date (its week's Monday, an appointment's end, a report's day after) overflows Python's
# calendar (year 1 to 9999), which was a 500; no practice records anything outside them.
DATE_YEARS = range(1900, 2201)
FAR_DATE = _("Choose a date between %(first)s and %(last)s.")


def date_in_range(day: datetime.date) -> bool:
    return day.year in DATE_YEARS


def _id_out_of_range(field, value):
    """The first id-like value outside ID_RANGE, for a choice of rows by integer key."""
    if not isinstance(field, forms.ModelChoiceField):  # ModelMultipleChoiceField too
        return None
    if field.queryset is None:
        return None  # a form that sets its choices of rows later: nothing to check yet
    meta = field.queryset.model._meta
    key = meta.pk if field.to_field_name in (None, "pk") else meta.get_field(field.to_field_name)
    if not isinstance(key, models.IntegerField):
        return None
    for item in value if isinstance(value, list | tuple) else [value]:
        try:
            number = int(str(item).strip())
        except ValueError:
            continue  # not a number: the field says so itself
        if number not in ID_RANGE:
            return item
    return None


def _refusing_unstorable(field, clean):
    def checked_clean(value, *args):  # FileField.clean also takes the initial value
        if unstorable(value):
            raise ValidationError(UNSTORABLE, code="unstorable")
        outside = _id_out_of_range(field, value)
        if outside is not None:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": outside},
            )
        cleaned = clean(value, *args)
        if isinstance(cleaned, datetime.date) and not date_in_range(cleaned):
            raise ValidationError(
                FAR_DATE,
                code="far_date",
                params={"first": DATE_YEARS[0], "last": DATE_YEARS[-1]},
            )
        return cleaned

    # A function takes attributes at run time; mypy has no way to declare one on a callable.
    checked_clean.refuses_unstorable = True  # type: ignore[attr-defined]
    return checked_clean


# The mixin's methods are a form's: mypy checks them against BaseForm, Python sees `object`.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StorableInput(_FormBase):
    """Checks what was typed, in every field, before the field itself looks at it.

    Nothing in Django refuses a lone surrogate (half of a UTF-16 pair): it passes every
    validator and fails only when the text is encoded, that is when it is encrypted on save
    (a 500 after the form said yes) or, for a password, inside authenticate(). Browsers can't
    send one (Django decodes request bodies with replacement characters), but any code that
    fills a form from other input can. NUL bytes are refused here too, in every kind of field
    and in plain words (Django refuses them only in text and model-choice fields). So is an
    id too big for the database among the choices of rows (a 500 on SQLite otherwise), and a
    date outside DATE_YEARS (a 500 in date arithmetic otherwise).
    Fields added in a form's __init__ are covered: the check goes in when the form is cleaned.
    See tests/test_form_fuzz.py.
    """

    def full_clean(self):
        for field in getattr(self, "fields", {}).values():
            if not getattr(field.clean, "refuses_unstorable", False):
                field.clean = _refusing_unstorable(field, field.clean)
        super().full_clean()


class Form(StorableInput, forms.Form):
    bound_field_class = AccessibleBoundField


class ModelForm(StorableInput, forms.ModelForm):
    bound_field_class = AccessibleBoundField


class VersionedForm(ModelForm):
    """Carries the record's version so a save over someone else's newer change is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput)
