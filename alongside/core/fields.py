"""Model fields whose values are encrypted at rest (see core.crypto)."""

from typing import Any

from django import forms
from django.db import models

from alongside.core import crypto


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and plain in Python.

    Encrypted values can't be searched or sorted by the database; that is the point.
    Empty strings stay empty so optional fields cost nothing.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)


class EncryptedCharField(EncryptedTextField):
    """Short encrypted text: the max_length applies to what a person typed."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        kwargs = {"max_length": self.max_length, "widget": forms.TextInput, **kwargs}
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )


def encrypted_columns():
    """Yield (model, field) for every encrypted field of every installed model."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field
