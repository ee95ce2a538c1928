"""The therapist's own positionality, and the power map of one therapeutic relationship."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Role
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.context.access import my_client, open_for
from alongside.context.forms import PositionForm, ReflectionForm
from alongside.context.models import Dimension, Position, PowerReflection
from alongside.context.records import StaleEdit, save_position, save_reflection
from alongside.context.views.map import power_context
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import keep_what_they_typed

PROMPTS = [
    gettext_lazy(
        "Where do you hold privilege that this client does not? How might it shape what you "
        "notice, what you assume, and what feels safe for them to say?"
    ),
    gettext_lazy(
        "Which of these differences has come up between you, and which has not been named?"
    ),
    gettext_lazy("Where the client holds privilege you do not, how does that show up in the room?"),
    gettext_lazy("What would sharing power look like in your next session, given this map?"),
    gettext_lazy(
        "Where one of you has not said, or chose not to: what would make it safe to say, "
        "and is it yours to ask?"
    ),
]


@role_required(Role.THERAPIST)
def positionality(request):
    allow_methods(request, "GET")
    positions = list(Position.objects.visible_to(request.user).select_related("dimension"))
    used = {p.dimension_id for p in positions}
    missing = [d for d in Dimension.objects.for_practice(request.user.practice) if d.pk not in used]
    record(actor=request.user, action=Action.VIEW, object_type="position")
    return render(
        request, "context/positionality.html", {"positions": positions, "missing": missing}
    )


def _edit_position(request, position):
    writing = request.method == "POST"
    initial = {"version": position.version if position else 1}
    if position is None and request.GET.get("dimension"):
        initial["dimension"] = request.GET["dimension"]
    form = PositionForm(
        request.POST if writing else None,
        instance=position,
        initial=initial,
        practice=request.user.practice,
        owner=request.user,
    )
    if writing and form.is_valid():
        try:
            save_position(request.user, form)
        except StaleEdit:
            keep_what_they_typed(
                form, _("You saved this in another window meanwhile. Check and save again.")
            )
        else:
            messages.success(request, _("Saved."))
            return redirect("context:positionality")
    return render(request, "context/position_form.html", {"form": form, "position": position})


@role_required(Role.THERAPIST)
def position_add(request):
    allow_methods(request, "GET", "POST")
    return _edit_position(request, None)


@role_required(Role.THERAPIST)
def position_edit(request, position_id):
    position = Position.objects.visible_to(request.user).filter(pk=position_id).first()
    if position is None:
        raise Http404
    allow_methods(request, "GET", "POST")
    return _edit_position(request, position)


def _reflection_form(user, client, data=None):
    reflection = PowerReflection.objects.visible_to(user).filter(client=client).first()
    return ReflectionForm(
        data,
        instance=reflection,
        initial={"version": reflection.version if reflection else 1},
    )


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def power_map(request, client_id):
    client = open_for(request.user, client_id, object_type="power_map")
    allow_methods(request, "GET")
    context = power_context(request.user, client)
    context["prompts"] = PROMPTS
    if context["can_write"]:
        context["reflection_form"] = _reflection_form(request.user, client)
    return render(request, "context/power_map.html", context)


@role_required(Role.THERAPIST)
def reflection(request, client_id):
    client = open_for(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="power_reflection"
    )
    allow_methods(request, "POST")
    form = _reflection_form(request.user, client, request.POST)
    if form.is_valid():
        try:
            save_reflection(request.user, client, form)
        except StaleEdit:
            keep_what_they_typed(
                form, _("You saved this in another window meanwhile. Your text is kept below.")
            )
        else:
            messages.success(request, _("Reflection saved. Only you can read it."))
            return redirect("context:power_map", client.pk)
    context = power_context(request.user, client)
    context.update({"prompts": PROMPTS, "reflection_form": form})
    return render(request, "context/power_map.html", context)


@role_required(Role.CLIENT)
def my_power_map(request):
    """The same picture for the client, with what their therapist chose to share."""
    client = my_client(request.user, object_type="power_map")
    allow_methods(request, "GET")
    return render(request, "context/my_power_map.html", power_context(request.user, client))
