"""Therapist and supervisor pages for sessions and notes. Views fetch through notes.access,
call a function in notes.records, and render."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import in_care_team, may_write
from alongside.context.forms import ExperienceForm
from alongside.context.models import Experience
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import keep_what_they_typed
from alongside.notes import records
from alongside.notes.access import denied, open_note
from alongside.notes.forms import (
    ActionFormSet,
    AddendumForm,
    HoldForm,
    NoteForm,
    NotePolicyForm,
    ReflectionForm,
    ReplyForm,
    SignForm,
    SupervisionCommentForm,
)
from alongside.notes.models import SECTIONS, Note, NotePolicy, PrivateReflection
from alongside.notes.reading import note_context, staff_sections
from alongside.writing.review import finding_count, review_sections


def locked(request, note):
    context = {"note": note, "can_write": may_write(request.user, note.client)}
    return render(request, "notes/locked.html", context, status=409)


def writing_request(request):
    return request.method not in ("GET", "HEAD")


# Reading a note --------------------------------------------------------------------------


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def detail(request, note_id):
    note = open_note(request.user, note_id, write=writing_request(request))
    allow_methods(request, "GET")
    return render(request, "notes/detail.html", note_context(request, note))


@role_required(Role.SUPERVISOR)
def supervision_comment(request, note_id):
    note = open_note(request.user, note_id)
    if not in_care_team(request.user, note.client):
        # A supervisor reading this record by emergency access does not supervise it.
        denied(request.user, Action.CREATE, "note", note.pk)
    allow_methods(request, "POST")
    form = SupervisionCommentForm(request.POST, prefix="supervision")
    if form.is_valid():
        records.add_supervision_comment(request.user, note, form.cleaned_data["text"])
        messages.success(request, _("Comment added. The therapist will see it with the note."))
        return redirect(note.get_absolute_url() + "#supervision")
    return render(request, "notes/detail.html", note_context(request, note, comment_form=form))


# Writing a note --------------------------------------------------------------------------


def _note_forms(request, note, data=None):
    mine = PrivateReflection.objects.readable_by(request.user).filter(
        note=note, author=request.user
    )
    reflection = mine.first()
    initial = {
        "version": note.version,
        "private_reflection": reflection.text if reflection else "",
        "share_reflection": bool(reflection and reflection.shared_with_id),
    }
    form = NoteForm(
        data,
        instance=note,
        initial=initial,
        supervisor=request.user.supervisor,
        experiences=Experience.objects.visible_to(request.user).filter(client=note.client),
    )
    actions = ActionFormSet(data, instance=note, prefix="actions")
    return form, actions


@role_required(Role.THERAPIST)
def edit(request, note_id):
    writing = writing_request(request)
    note = open_note(
        request.user, note_id, write=True, action=Action.UPDATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    if note.is_signed:
        return locked(request, note)
    form, actions = _note_forms(request, note, request.POST if writing else None)
    saved_now = None
    if writing and form.is_valid() and actions.is_valid():
        try:
            try:
                records.save_draft(request.user, note, form, actions)
            except records.StaleEdit:
                saved = Note.objects.get(pk=note.pk)
                if not _holds_what_was_sent(request.user, saved, form):
                    raise
                # The newer save holds these very words: this page's own autosave, made
                # while Save was pressed. Nothing to combine, so save over it.
                data = request.POST.copy()
                data["version"] = str(saved.version)
                note = saved
                form, actions = _note_forms(request, note, data)
                if not (form.is_valid() and actions.is_valid()):
                    raise
                records.save_draft(request.user, note, form, actions)
        except records.Locked:
            return locked(request, note)
        except records.StaleEdit as stale:
            # Keep what this person typed, show what the other save holds, and let the
            # next Save (made knowingly) go through.
            saved = Note.objects.get(pk=note.pk)
            saved_now = staff_sections(saved)
            keep_what_they_typed(
                form,
                _(
                    "%(stale)s Nothing was saved. Your text is still in the form; what is "
                    "saved now is shown below it. Combine the two, then save again."
                )
                % {"stale": stale},
                saved=saved.version,
            )
        else:
            if "review" in request.POST:
                return redirect("notes:sign", note_id=note.pk)
            if "new_experience" in request.POST:
                return redirect("notes:experience_new", note_id=note.pk)
            messages.success(request, _("Draft saved."))
            return redirect("notes:edit", note_id=note.pk)
    return render(
        request,
        "notes/edit.html",
        {"note": note, "form": form, "actions": actions, "saved_now": saved_now},
    )


def _holds_what_was_sent(user, saved, form) -> bool:
    """Whether the note as saved now has the sections, experiences and private reflection
    this form sends (autosave saves all three, never the agreed actions)."""
    data = form.cleaned_data
    if any(getattr(saved, name) != data[name] for name in SECTIONS):
        return False
    linked = set(saved.experiences.values_list("pk", flat=True))
    if linked != {experience.pk for experience in data["experiences"]}:
        return False
    mine = PrivateReflection.objects.readable_by(user).filter(note=saved, author=user)
    reflection = mine.first()
    return (reflection.text if reflection else "") == (data.get("private_reflection") or "").strip()


@role_required(Role.THERAPIST)
def autosave(request, note_id):
    """htmx: save the sections and the private reflection as the therapist types."""
    note = open_note(request.user, note_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    context = {"note": note}
    status = 200
    if note.is_signed:
        context["problem"], status = "locked", 409
    else:
        form, _actions = _note_forms(request, note, request.POST)
        if not form.is_valid():
            context["problem"] = "invalid"
        else:
            try:
                note = records.save_draft(request.user, note, form)
            except records.Locked:
                context["problem"], status = "locked", 409
            except records.StaleEdit:
                context["problem"], status = "stale", 409
            else:
                context.update(note=note, saved_at=timezone.localtime())
    return render(request, "notes/_autosave.html", context, status=status)


@role_required(Role.THERAPIST)
def experience_new(request, note_id):
    """Create an experience entry from a draft note; it is linked to the note."""
    writing = writing_request(request)
    note = open_note(
        request.user, note_id, write=True, action=Action.CREATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    if note.is_signed:
        return locked(request, note)
    form = ExperienceForm(
        request.POST if writing else None,
        initial={"version": 1},
        practice=note.client.practice,
    )
    if writing and form.is_valid():
        try:
            records.link_new_experience(request.user, note, form)
        except records.Locked:
            return locked(request, note)
        messages.success(request, _("Experience saved and linked to this note."))
        return redirect("notes:edit", note_id=note.pk)
    return render(request, "notes/experience_form.html", {"note": note, "form": form})


@role_required(Role.THERAPIST)
def sign(request, note_id):
    writing = writing_request(request)
    note = open_note(
        request.user, note_id, write=True, action=Action.SIGN if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    if note.is_signed:
        return locked(request, note)
    form = SignForm(request.POST if writing else None, initial={"version": note.version})
    if writing and form.is_valid():
        if not note_has_content(note):
            form.add_error(None, _("This note is empty. Write at least one section first."))
        else:
            try:
                records.sign_note(request.user, note, form.cleaned_data["version"])
            except records.Locked:
                return locked(request, note)
            except records.StaleEdit as stale:
                # Show the note as it is now, and sign that version if it is still right.
                note = open_note(request.user, note_id, write=True, action=Action.SIGN)
                keep_what_they_typed(
                    form,
                    _("%(stale)s Check the note below, then sign again.") % {"stale": stale},
                    saved=note.version,
                )
            else:
                if note.held_back:
                    messages.success(request, _("Signed. It is held back from the client."))
                elif not note.client.has_portal_account:
                    # Saying "can now read" to someone whose client has no sign-in yet
                    # promises a reading that can't happen until they are invited.
                    messages.success(
                        request,
                        _(
                            "Signed. The client can read the shared part once they are on the "
                            "portal: invite them from their record."
                        ),
                    )
                else:
                    messages.success(request, _("Signed. The client can now read the shared part."))
                return redirect(note)
    return render(request, "notes/sign.html", sign_context(request, note, form))


def sign_context(request, note, form) -> dict:
    """The note as the client will read it, plus the wording check once more (never blocks)."""
    context = note_context(request, note, form=form)
    review = review_sections(
        [(s.name, s.label, s.text) for s in context["sections"]], client=note.client
    )
    context["language_review"] = review
    context["language_count"] = finding_count(review)
    return context


def note_has_content(note) -> bool:
    return any(getattr(note, name).strip() for name in SECTIONS) or note.actions.exists()


@role_required(Role.THERAPIST)
def addendum(request, note_id):
    writing = writing_request(request)
    note = open_note(
        request.user, note_id, write=True, action=Action.CREATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    if not note.is_signed:
        messages.info(request, _("This note is still a draft: change it directly."))
        return redirect("notes:edit", note_id=note.pk)
    form = AddendumForm(request.POST if writing else None)
    if writing and form.is_valid():
        records.add_addendum(request.user, note, form.cleaned_data["text"])
        messages.success(request, _("Addendum added beneath the note."))
        return redirect(note.get_absolute_url() + "#addenda")
    return render(request, "notes/addendum.html", {"note": note, "form": form})


@role_required(Role.THERAPIST)
def reflection(request, note_id):
    """The author's private reflection on its own page, also after signing."""
    writing = writing_request(request)
    note = open_note(request.user, note_id, write=True)
    allow_methods(request, "GET", "POST")
    mine = PrivateReflection.objects.readable_by(request.user).filter(
        note=note, author=request.user
    )
    current = mine.first()
    supervisor = request.user.supervisor
    form = ReflectionForm(
        request.POST if writing else None,
        initial={
            "text": current.text if current else "",
            "share": bool(current and current.shared_with_id),
        },
    )
    if supervisor is None:
        del form.fields["share"]
    if writing and form.is_valid():
        records.save_reflection(
            request.user,
            note,
            form.cleaned_data["text"],
            share=form.cleaned_data.get("share", False),
        )
        messages.success(request, _("Private reflection saved."))
        return redirect(note.get_absolute_url() + "#reflection")
    return render(
        request, "notes/reflection.html", {"note": note, "form": form, "supervisor": supervisor}
    )


@role_required(Role.THERAPIST)
def hold(request, note_id):
    writing = writing_request(request)
    note = open_note(
        request.user, note_id, write=True, action=Action.UPDATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    if not NotePolicy.holding_back_allowed(note.client.practice):
        return render(request, "notes/hold_not_allowed.html", {"note": note}, status=403)
    form = HoldForm(request.POST if writing else None, initial={"reason": note.hold_reason})
    if writing and form.is_valid():
        records.hold_back(request.user, note, form.cleaned_data["reason"])
        messages.success(
            request, _("The note is held back. The client is told a note is held back.")
        )
        return redirect(note)
    return render(request, "notes/hold.html", {"note": note, "form": form})


@role_required(Role.THERAPIST)
def release(request, note_id):
    note = open_note(request.user, note_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    records.release(request.user, note)
    messages.success(request, _("Released: the client can read the shared part once it is signed."))
    return redirect(note)


@role_required(Role.THERAPIST)
def action_done(request, note_id, action_id):
    note = open_note(request.user, note_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    item = note.actions.filter(pk=action_id).first()
    if item is None:
        raise Http404
    records.set_done(request.user, item, request.POST.get("done") == "1")
    return redirect(note.get_absolute_url() + "#actions")


def _reply(request, note_id, item_id, related, object_type):
    writing = writing_request(request)
    note = open_note(
        request.user, note_id, write=True, action=Action.UPDATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    item = getattr(note, related).filter(pk=item_id).first()
    if item is None:
        raise Http404
    form = ReplyForm(request.POST if writing else None, initial={"reply": item.reply})
    if writing and form.is_valid():
        records.reply(request.user, item, form.cleaned_data["reply"], object_type)
        messages.success(request, _("Reply saved. The client will see it beside what they wrote."))
        return redirect(note.get_absolute_url() + "#from-client")
    return render(request, "notes/reply.html", {"note": note, "item": item, "form": form})


@role_required(Role.THERAPIST)
def reply_perspective(request, note_id, perspective_id):
    return _reply(request, note_id, perspective_id, "perspectives", "note_perspective")


@role_required(Role.THERAPIST)
def reply_flag(request, note_id, flag_id):
    return _reply(request, note_id, flag_id, "flags", "note_flag")


# Practice settings -------------------------------------------------------------------------


@role_required(Role.ADMIN)
def policy(request):
    writing = writing_request(request)
    allow_methods(request, "GET", "POST")
    practice = request.user.practice
    if practice is None:
        raise Http404
    current = NotePolicy.objects.filter(practice=practice).first() or NotePolicy(practice=practice)
    form = NotePolicyForm(request.POST if writing else None, instance=current)
    if writing and form.is_valid():
        form.save()
        record(
            actor=request.user, action=Action.ADMIN, object_type="note_policy", object_id=current.pk
        )
        messages.success(request, _("Note settings saved."))
        return redirect("notes:policy")
    return render(request, "notes/policy.html", {"form": form})
