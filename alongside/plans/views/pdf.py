"""The take-home copies: the whole plan in plain language, and "when things get hard" on
one page. Only what the reader may see goes in. Downloads are exports: the person confirms
who they are first if they last did so a while ago (see accounts.stepup)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core import languages
from alongside.core.access import allow_methods, role_required
from alongside.plans.access import my_plan, open_plan
from alongside.plans.views.common import plan_context

TEMPLATES = {"plan": "plans/take_home.html", "hard": "plans/when_hard.html"}


# "When things get hard" is one page to keep by the bed or on the fridge: long answers are
# set smaller until it fits, down to a size still readable on paper.
ONE_PAGE_SIZES = ["10.5pt", "9pt", "8pt", "7pt"]


def take_home_html(user, client, plan, which="plan", request=None, font_size=None) -> str:
    context = plan_context(user, client, plan)
    context["font_size"] = font_size or ONE_PAGE_SIZES[0]
    with languages.for_person(client):  # the client's copy, in the client's language
        return render_to_string(TEMPLATES[which], context, request=request)


def render_document(user, client, plan, which, request=None, base_url=None):
    """The laid-out document (WeasyPrint's), made smaller until one page for "hard"."""
    from weasyprint import HTML

    sizes = ONE_PAGE_SIZES if which == "hard" else [None]
    for size in sizes:
        html = take_home_html(user, client, plan, which, request, font_size=size)
        document = HTML(string=html, base_url=base_url).render()
        if len(document.pages) == 1:
            break
    return document


def _pdf(request, client, plan, which):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return render(request, "context/pdf_unavailable.html", {"client": client}, status=503)
    pdf = render_document(
        request.user, client, plan, which, request, base_url=request.build_absolute_uri("/")
    ).write_pdf()
    record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="plan",
        object_id=plan.pk,
        client_id=client.pk,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _("my-plan.pdf") if which == "plan" else _("when-things-get-hard.pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _mine(request, which):
    client, plan = my_plan(request.user, action=Action.EXPORT, make=request.method == "GET")
    allow_methods(request, "GET")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _pdf(request, client, plan, which)


def _theirs(request, client_id, which):
    client, plan = open_plan(
        request.user, client_id, action=Action.EXPORT, make=request.method == "GET"
    )
    allow_methods(request, "GET")
    if plan is None:  # someone who only reads (emergency access), before there is a plan
        raise Http404
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _pdf(request, client, plan, which)


@role_required(Role.CLIENT)
def my_take_home(request):
    return _mine(request, "plan")


@role_required(Role.CLIENT)
def my_when_hard(request):
    return _mine(request, "hard")


@role_required(Role.THERAPIST)
def take_home(request, client_id):
    """For a therapist to print for a client who does not use the portal."""
    return _theirs(request, client_id, "plan")


@role_required(Role.THERAPIST)
def when_hard(request, client_id):
    return _theirs(request, client_id, "hard")


def _fhir_response(request, client, plan):
    import json

    if plan is None:  # a supervisor's (or emergency) read before the therapist started one
        raise Http404

    from alongside.plans.fhir import plan_bundle

    body = json.dumps(plan_bundle(plan), ensure_ascii=False, indent=2)
    record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="plan",
        object_id=plan.pk,
        client_id=client.pk,
    )
    response = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plan-careplan.json"'
    return response


@role_required(Role.THERAPIST)
def export_fhir(request, client_id):
    """The plan as a FHIR R4 CarePlan with its Goals, for another system."""
    client, plan = open_plan(
        request.user, client_id, action=Action.EXPORT, make=request.method == "GET"
    )
    allow_methods(request, "GET")
    if plan is None:
        raise Http404
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _fhir_response(request, client, plan)


@role_required(Role.CLIENT)
def my_export_fhir(request):
    client, plan = my_plan(request.user, action=Action.EXPORT, make=request.method == "GET")
    allow_methods(request, "GET")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _fhir_response(request, client, plan)
