"""The collaborative formulation: reading, editing a section (with a version check),
versions and their comparison, and the therapist's answer to what the client said."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import may_write
from alongside.context.access import open_for
from alongside.context.diff import compare
from alongside.context.forms import (
    AcceptForm,
    FormulationVisibilityForm,
    ReplyForm,
    SectionForm,
)
from alongside.context.models import (
    NARRATIVE_SECTIONS,
    PTMF_SECTIONS,
    Experience,
    Feedback,
    Formulation,
    Section,
)
from alongside.context.records import (
    StaleEdit,
    accept_proposal,
    answer_feedback,
    formulation_for,
    save_section,
    sections_of,
    set_formulation_visibility,
)
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import keep_what_they_typed

# What each PTMF question is about, for the person writing it.
HINTS = {
    Section.HAPPENED: gettext_lazy("Power: the events and conditions, in the client's words."),
    Section.AFFECTED: gettext_lazy(
        "Threat: what those events meant for safety, belonging, body, hope."
    ),
    Section.SENSE: gettext_lazy("Meaning: how the client understood what happened."),
    Section.SURVIVE: gettext_lazy(
        "Threat responses: what they did to get through. Here, not symptoms, are survival."
    ),
    Section.STRENGTHS: gettext_lazy(
        "Power resources: people, skills, beliefs, community, resistance."
    ),
    Section.STORY: gettext_lazy("The story that draws it together, as the client would tell it."),
    Section.PROBLEM_NAME: gettext_lazy("Narrative: the problem as something outside the person."),
    Section.PROBLEM_EFFECTS: gettext_lazy("Narrative: what the problem does, and who it serves."),
    Section.UNIQUE_OUTCOMES: gettext_lazy("Narrative: times the problem did not win."),
}


@dataclass
class SectionView:
    section: object
    label: str
    hint: str
    feedback: list = field(default_factory=list)

    @property
    def key(self):
        return self.section.key

    @property
    def disagreements(self):
        return [f for f in self.feedback if f.is_disagreement]


def formulation_sections(formulation, user):
    """The sections with what the reader may see beside them: the feedback and the linked
    experiences each come through their own scope, not through the section, so a link
    shows no more than the experience's own page would (a private one stays hidden)."""
    sections = sections_of(formulation)
    feedback = {}
    for item in (
        Feedback.objects.visible_to(user).filter(formulation=formulation).select_related("author")
    ):
        feedback.setdefault(item.section, []).append(item)
    readable = Prefetch("experiences", queryset=Experience.objects.visible_to(user))
    linked = {
        s.pk: list(s.experiences.all()) for s in formulation.sections.prefetch_related(readable)
    }
    views = []
    for key in PTMF_SECTIONS + NARRATIVE_SECTIONS:
        section = sections[key]
        section.linked = linked.get(section.pk, [])
        views.append(SectionView(section, Section(key).label, HINTS[key], feedback.get(key, [])))
    return views[: len(PTMF_SECTIONS)], views[len(PTMF_SECTIONS) :]


def _readable_formulation(user, client):
    """The formulation if this user may read it; the therapist's is made on first visit."""
    if may_write(user, client):
        return formulation_for(client)
    return Formulation.objects.visible_to(user).filter(client=client).first()


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def formulation(request, client_id):
    client = open_for(request.user, client_id, object_type="formulation")
    allow_methods(request, "GET")
    current = _readable_formulation(request.user, client)
    context = {
        "client": client,
        "formulation": current,
        "can_write": may_write(request.user, client),
    }
    if current is not None:
        ptmf, narrative = formulation_sections(current, request.user)
        context.update(
            ptmf=ptmf,
            narrative=narrative,
            visibility_form=FormulationVisibilityForm(initial={"visibility": current.visibility}),
        )
    return render(request, "context/formulation.html", context)


def _section_or_404(formulation, key):
    if key not in Section.values:
        raise Http404
    return sections_of(formulation)[key]


@role_required(Role.THERAPIST)
def section_edit(request, client_id, section):
    writing = request.method == "POST"
    action = Action.UPDATE if writing else Action.VIEW
    client = open_for(request.user, client_id, write=True, action=action, object_type="formulation")
    allow_methods(request, "GET", "POST")
    current = formulation_for(client)
    row = _section_or_404(current, section)
    experiences = Experience.objects.visible_to(request.user).filter(client=client).timeline()
    label = Section(section).label
    conflict = None
    if writing:
        form = SectionForm(request.POST, experiences=experiences, label=label)
        if form.is_valid():
            try:
                save_section(
                    request.user,
                    row,
                    form.cleaned_data["text"],
                    form.cleaned_data["version"],
                    experiences=form.cleaned_data["experiences"],
                )
            except StaleEdit:
                # Their version is shown beside the form: a second save is a deliberate
                # choice after reading the other text.
                conflict = sections_of(current)[section]
                keep_what_they_typed(
                    form,
                    _(
                        "Someone else saved this section while you were writing. Nothing is "
                        "lost: their version is saved and shown next to yours, and your text "
                        "is still in the box. Combine the two, then save again."
                    ),
                    saved=conflict.version,
                )
            else:
                messages.success(request, _("Saved as a new version."))
                return redirect("context:formulation", client.pk)
    else:
        form = SectionForm(
            initial={
                "text": row.text,
                "version": row.version,
                "experiences": list(row.experiences.all()),
            },
            experiences=experiences,
            label=label,
        )
    return render(
        request,
        "context/section_form.html",
        {
            "client": client,
            "form": form,
            "section": row,
            "label": label,
            "hint": HINTS[section],
            "conflict": conflict,
        },
    )


@role_required(Role.THERAPIST)
def formulation_visibility(request, client_id):
    client = open_for(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="formulation"
    )
    allow_methods(request, "POST")
    form = FormulationVisibilityForm(request.POST)
    if form.is_valid():
        set_formulation_visibility(
            request.user, formulation_for(client), form.cleaned_data["visibility"]
        )
        messages.success(request, _("Saved who may read the formulation."))
    else:
        messages.error(request, _("Choose who may read the formulation."))
    return redirect("context:formulation", client.pk)


def versions_context(request, formulation):
    versions = list(formulation.versions.select_related("author"))
    by_number = {v.number: v for v in versions}
    context = {"versions": versions, "comparison": None}
    try:
        a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
    except ValueError:
        a = b = 0
    if not (a or b) and len(versions) >= 2:
        a, b = versions[1].number, versions[0].number
    if a in by_number and b in by_number:
        old, new = sorted([by_number[a], by_number[b]], key=lambda v: v.number)
        diffs = compare(old.texts, new.texts, Section.choices)
        context.update(
            comparison=diffs,
            changed=[d for d in diffs if d.changed],
            old=old,
            new=new,
            a=old.number,
            b=new.number,
        )
    return context


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def versions(request, client_id):
    client = open_for(request.user, client_id, object_type="formulation_version")
    allow_methods(request, "GET")
    current = _readable_formulation(request.user, client)
    context = {
        "client": client,
        "formulation": current,
        "can_write": may_write(request.user, client),
    }
    if current is not None:
        context.update(versions_context(request, current))
    return render(request, "context/versions.html", context)


def _feedback(request, client_id, feedback_id, *, writing):
    action = Action.UPDATE if writing else Action.VIEW
    client = open_for(
        request.user,
        client_id,
        write=True,
        action=action,
        object_type="formulation_feedback",
        object_id=feedback_id,
    )
    item = (
        Feedback.objects.visible_to(request.user)
        .filter(formulation__client=client, pk=feedback_id)
        .select_related("formulation")
        .first()
    )
    if item is None:
        raise Http404
    return client, item


def _feedback_page(request, client, item, accept_form=None, reply_form=None, conflict=False):
    section = sections_of(item.formulation)[item.section]
    return render(
        request,
        "context/feedback.html",
        {
            "client": client,
            "item": item,
            "section": section,
            "label": Section(item.section).label,
            "accept_form": accept_form or AcceptForm(initial={"version": section.version}),
            "reply_form": reply_form or ReplyForm(),
            "conflict": conflict,
        },
    )


@role_required(Role.THERAPIST)
def feedback(request, client_id, feedback_id):
    client, item = _feedback(request, client_id, feedback_id, writing=False)
    allow_methods(request, "GET")
    return _feedback_page(request, client, item)


@role_required(Role.THERAPIST)
def feedback_accept(request, client_id, feedback_id):
    client, item = _feedback(request, client_id, feedback_id, writing=True)
    allow_methods(request, "POST")
    form = AcceptForm(request.POST)
    if item.kind != Feedback.Kind.PROPOSAL or item.status == Feedback.Status.ACCEPTED:
        messages.error(request, _("Only an open proposed change can be accepted."))
        return redirect("context:feedback", client.pk, item.pk)
    if form.is_valid():
        section = sections_of(item.formulation)[item.section]
        try:
            accept_proposal(
                request.user,
                item,
                section,
                form.cleaned_data["version"],
                form.cleaned_data["reply"],
            )
        except StaleEdit:
            keep_what_they_typed(
                form,
                _(
                    "The section changed since you opened this page. Read it again below; "
                    "accepting now will replace that newer text with the client's words."
                ),
                saved=sections_of(item.formulation)[item.section].version,
            )
            return _feedback_page(request, client, item, accept_form=form, conflict=True)
        messages.success(
            request, _("Accepted: the client's words are now the formulation's, as a new version.")
        )
        return redirect("context:formulation", client.pk)
    return _feedback_page(request, client, item, accept_form=form)


@role_required(Role.THERAPIST)
def feedback_answer(request, client_id, feedback_id):
    client, item = _feedback(request, client_id, feedback_id, writing=True)
    allow_methods(request, "POST")
    form = ReplyForm(request.POST)
    if form.is_valid():
        answer_feedback(request.user, item, form.cleaned_data["reply"])
        messages.success(request, _("Answer saved. The client's words stay beside it."))
        return redirect("context:formulation", client.pk)
    return _feedback_page(request, client, item, reply_form=form)
