"""Forms for the directory (one flat form over a service and its HSDS pieces) and for
referrals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import Form, ModelForm
from alongside.resources.models import (
    SHORT,
    Barrier,
    Flag,
    Need,
    Referral,
    Service,
    Status,
    Tag,
)

LIST_HELP = _("Separate them with commas.")


def _split(value: str) -> list[str]:
    seen = []
    for part in (value or "").replace("\n", ",").split(","):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ServiceForm(ModelForm):
    """A service, its organisation and where and when to find it, on one page."""

    organization_name = forms.CharField(label=_("organisation"), max_length=SHORT)
    needs = forms.MultipleChoiceField(
        label=_("needs it meets"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.MultipleChoiceField(
        label=_("run by and for"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("languages"), max_length=SHORT, required=False, help_text=LIST_HELP
    )
    areas = forms.CharField(
        label=_("areas served"), max_length=SHORT, required=False, help_text=LIST_HELP
    )
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    address = forms.CharField(label=_("address"), max_length=SHORT, required=False)
    city = forms.CharField(label=_("town or city"), max_length=120, required=False)
    postal_code = forms.CharField(label=_("postcode"), max_length=20, required=False)
    opening_times = forms.CharField(
        label=_("opening times"),
        max_length=SHORT,
        required=False,
        help_text=_("In words, e.g. Mondays to Fridays, 10am to 4pm."),
    )
    documents = forms.CharField(
        label=_("documents people need to bring"),
        max_length=SHORT,
        required=False,
        help_text=LIST_HELP,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "status",
            "url",
            "email",
            "application_process",
            "eligibility_description",
            "fees_description",
            "interpretation_services",
            "accessibility",
            "minimum_age",
            "maximum_age",
            "alert",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }

        field_classes = {"url": HttpsURLField}

    field_order = ["organization_name", "name", "description", "needs", "tags"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        service = self.instance
        if service.pk:
            self.initial.update(_initial_from(service))

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age is below the minimum age."))
        for name, longest in (("languages", 80), ("areas", 120), ("documents", SHORT)):
            if name in data:
                data[name] = _split(data[name])
                if any(len(item) > longest for item in data[name]):
                    self.add_error(
                        name, _("Each one can be at most %(n)d characters.") % {"n": longest}
                    )
        return data


def _initial_from(service) -> dict:
    location = next((sal.location for sal in service.at_locations.all()), None)
    phone = service.phones.first()
    schedule = service.schedules.first()
    return {
        "organization_name": service.organization.name,
        "needs": [lb.code for lb in service.labels.all() if lb.kind == "need"],
        "tags": [lb.code for lb in service.labels.all() if lb.kind == "tag"],
        "languages": ", ".join(lang.name for lang in service.languages.all()),
        "areas": ", ".join(a.name for a in service.areas.all()),
        "phone": phone.number if phone else "",
        "address": location.address_1 if location else "",
        "city": location.city if location else "",
        "postal_code": location.postal_code if location else "",
        "opening_times": schedule.description if schedule else "",
        "documents": ", ".join(d.document for d in service.documents.all()),
    }


class SearchForm(Form):
    """The directory's search: all optional, read from the query string."""

    q = forms.CharField(label=_("Words to look for"), max_length=200, required=False)
    need = forms.ChoiceField(label=_("need"), required=False)
    tags = forms.MultipleChoiceField(
        label=_("run by and for"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Not "Language": the header's language switcher already has that name on every page.
    language = forms.ChoiceField(label=_("Language offered"), required=False)
    area = forms.ChoiceField(label=_("area"), required=False)

    def __init__(self, *args, languages=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["need"].choices = anything + list(Need.choices)
        self.fields["language"].choices = anything + [(x, x) for x in languages]
        self.fields["area"].choices = anything + [(x, x) for x in areas]


class FlagForm(ModelForm):
    class Meta:
        model = Flag
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect}


class ShareForm(ModelForm):
    class Meta:
        model = Referral
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3, "data-language-check": "on"})}


class StatusForm(Form):
    """Where a tracked referral has got to, and why, when it didn't work out."""

    status = forms.ChoiceField(
        label=_("how is it going?"),
        choices=[(s.value, s.label) for s in Status if s != Status.SHARED],
        widget=forms.RadioSelect,
    )
    barrier = forms.ChoiceField(
        label=_("if it didn't work out, why?"),
        choices=[("", _("—"))] + list(Barrier.choices),
        required=False,
    )
    barrier_words = forms.CharField(
        label=_("anything else about what happened"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-language-check": "on"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.DIDNT_WORK_OUT and not data.get("barrier"):
            self.add_error("barrier", _("Choose what got in the way (or Other)."))
        if data.get("status") != Status.DIDNT_WORK_OUT:
            data["barrier"] = ""
        return data


class MyStatusForm(StatusForm):
    """The client's copy: no wording checker on their own words."""

    barrier_words = forms.CharField(
        label=_("anything else about what happened"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PackageForm(Form):
    package = forms.FileField(
        label=_("HSDS data package (.zip)"),
        help_text=_(
            "A zip of the CSV files and datapackage.json. Nothing is imported if any "
            "row has a problem."
        ),
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
