"""Form pieces shared by every app: errors tied to their fields for screen readers."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class Renderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class AccessibleBoundField(BoundField):
    """Points each input at its help text and its error list, and marks it invalid."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = []
        if self.help_text:
            described.append(f"{self.auto_id}_helptext")
        if self.errors:
            described.append(f"{self.auto_id}_errors")
            attrs["aria-invalid"] = "true"
        if _language_checked(widget or self.field.widget):
            from alongside.writing.editor import checker_attrs, region_id

            attrs.update(checker_attrs(self))
            described.append(f"{region_id(self)}_summary")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


def _language_checked(widget) -> bool:
    return widget.attrs.get("data-language-check") == "on"


class Form(forms.Form):
    bound_field_class = AccessibleBoundField


class ModelForm(forms.ModelForm):
    bound_field_class = AccessibleBoundField


class VersionedForm(ModelForm):
    """Carries the record's version so a save over someone else's newer change is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput)
