"""The directory: search, a service's page, adding (admin) or suggesting (therapist),
checking and flagging (any staff), and the admin's review of suggestions and flags."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import STAFF_ROLES, Role
from alongside.clients.access import open_client
from alongside.core.access import allow_methods, role_required
from alongside.core.paging import paginate
from alongside.resources import records
from alongside.resources.access import open_service, services_for
from alongside.resources.forms import FlagForm, SearchForm, ServiceForm
from alongside.resources.models import Flag, Review, Service, ServiceAtLocation
from alongside.resources.search import filter_choices, find

PER_PAGE = 20


def _with_details(services):
    return services.select_related("organization").prefetch_related(
        "labels",
        "languages",
        "phones",
        "areas",
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
    )


def search_results(request):
    """The search form and a page of results for whatever the query string asks."""
    languages, areas = filter_choices(request.user.practice)
    form = SearchForm(request.GET or None, languages=languages, areas=areas)
    # Listed services only (no OR with "suggested by me"), so the name index serves the order.
    services = Service.objects.for_staff(request.user).listed()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        services = find(
            services,
            words=d["q"],
            need=d["need"],
            tags=d["tags"],
            language=d["language"],
            area=d["area"],
        )
    elif form.is_bound:
        services = services.none()
    page = paginate(
        _with_details(services).order_by("name", "id"), request.GET.get("page"), PER_PAGE
    )
    return form, page


def _directory_actions(user) -> dict:
    """The admin adds services and reviews suggestions; a therapist suggests (views `add`,
    `review`, `package`)."""
    return {
        "can_manage": user.role == Role.ADMIN,
        "can_suggest": user.role == Role.THERAPIST,
    }


@role_required(*STAFF_ROLES)
def directory(request):
    form, page = search_results(request)
    context = {"form": form, "page_obj": page, **_directory_actions(request.user)}
    return render(request, "resources/directory.html", context)


@role_required(Role.THERAPIST)
def find_for_client(request, client_id):
    """The same search, from a client's record, with a "share" button on each result."""
    client = open_client(request.user, client_id, write=True, object_type="referral")
    allow_methods(request, "GET")
    form, page = search_results(request)
    return render(
        request,
        "resources/directory.html",
        {"form": form, "page_obj": page, "for_client": client},
    )


@role_required(*STAFF_ROLES)
def detail(request, service_id):
    service = open_service(request.user, service_id)
    allow_methods(request, "GET")
    service = _with_details(Service.objects.filter(pk=service.pk)).prefetch_related(
        "schedules", "documents"
    )[0]
    flags = service.flags.filter(resolved_at__isnull=True)
    return render(
        request,
        "resources/detail.html",
        {"service": service, "flags": flags, "can_edit": request.user.role == Role.ADMIN},
    )


@role_required(Role.ADMIN, Role.THERAPIST)
def add(request):
    """The admin adds to the directory; a therapist's entry waits for the admin's approval."""
    allow_methods(request, "GET", "POST")
    suggesting = request.user.role != Role.ADMIN
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = Review.SUGGESTED if suggesting else Review.APPROVED
        service = records.save_service(request.user, form, review=review)
        if suggesting:
            messages.success(request, _("Thank you. The practice admin will look at it."))
        return redirect("resources:detail", service.pk)
    return render(request, "resources/service_form.html", {"form": form, "suggesting": suggesting})


@role_required(Role.ADMIN)
def edit(request, service_id):
    service = open_service(request.user, service_id, write=True)
    allow_methods(request, "GET", "POST")
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        records.save_service(request.user, form)
        messages.success(request, _("Saved."))
        return redirect("resources:detail", service.pk)
    return render(request, "resources/service_form.html", {"form": form, "service": service})


@role_required(*STAFF_ROLES)
def checked(request, service_id):
    """Someone checked these details are still right today."""
    service = open_service(request.user, service_id)
    allow_methods(request, "POST")
    records.mark_checked(request.user, service)
    messages.success(request, _("Marked as checked today."))
    return redirect("resources:detail", service.pk)


@role_required(*STAFF_ROLES)
def flag(request, service_id):
    service = open_service(request.user, service_id)
    allow_methods(request, "GET", "POST")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        records.flag_service(request.user, service, form)
        messages.success(request, _("Thank you. The practice admin will check it."))
        return redirect("resources:detail", service.pk)
    return render(request, "resources/flag_form.html", {"form": form, "service": service})


@role_required(Role.ADMIN)
def review(request):
    allow_methods(request, "GET")
    scope = services_for(request.user)
    suggestions = scope.filter(review=Review.SUGGESTED).select_related("organization")
    flags = (
        Flag.objects.filter(service__in=scope, resolved_at__isnull=True)
        .select_related("service", "flagged_by")
        .order_by("-created_at")
    )
    return render(request, "resources/review.html", {"suggestions": suggestions, "flags": flags})


@role_required(Role.ADMIN)
def approve(request, service_id):
    return _decide(request, service_id, approve=True)


@role_required(Role.ADMIN)
def decline(request, service_id):
    return _decide(request, service_id, approve=False)


def _decide(request, service_id, *, approve):
    service = open_service(request.user, service_id, write=True)
    allow_methods(request, "POST")
    records.decide(request.user, service, approve=approve)
    messages.success(request, _("Added to the directory.") if approve else _("Not added."))
    return redirect("resources:review")


@role_required(Role.ADMIN)
def resolve(request, resource_flag_id):
    flag = Flag.objects.filter(service__in=services_for(request.user), pk=resource_flag_id).first()
    if flag is None:
        from django.http import Http404

        raise Http404
    allow_methods(request, "POST")
    records.resolve_flag(request.user, flag)
    messages.success(request, _("Marked as dealt with."))
    return redirect("resources:review")
