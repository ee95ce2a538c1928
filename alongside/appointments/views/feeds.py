"""Calendar feeds (.ics): a person's own private addresses, and the feed itself."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.appointments import feeds
from alongside.appointments.forms import BookingForm, FeedForm
from alongside.appointments.models import CalendarFeed
from alongside.appointments.records import booking_rules
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import allow_methods, public, role_required
from alongside.core.site import absolute_url


@role_required(Role.THERAPIST, Role.CLIENT)
def my_feeds(request):
    allow_methods(request, "GET", "POST")
    form = FeedForm(request.POST if request.method == "POST" else None)
    address = None
    if request.method == "POST" and form.is_valid():
        _feed, token = feeds.make(request.user, show_names=form.cleaned_data["show_names"])
        # Shown once: only its hash is kept.
        address = absolute_url(request, reverse("appointments:feed", args=[token]))
        form = FeedForm()
    live = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request,
        "appointments/feeds.html",
        {"form": form, "address": address, "feeds": live.order_by("-created_at")},
    )


@role_required(Role.THERAPIST, Role.CLIENT)
def feed_revoke(request, feed_id):
    feed = CalendarFeed.objects.filter(user=request.user, pk=feed_id, revoked_at__isnull=True)
    feed = feed.first()
    if feed is None:
        raise Http404
    allow_methods(request, "POST")
    feeds.revoke(request.user, feed)
    messages.success(request, _("That address no longer works."))
    return redirect("appointments:feeds")


@public
def feed(request, token):
    """The feed a calendar app fetches; the token in the address is the credential."""
    found = feeds.find(token)
    if found is None:
        raise Http404
    allow_methods(request, "GET")
    response = HttpResponse(feeds.render(found), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.ADMIN)
def booking_settings(request):
    allow_methods(request, "GET", "POST")
    rules = booking_rules(request.user.practice)
    form = BookingForm(request.POST if request.method == "POST" else None, instance=rules)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(
                actor=request.user,
                action=Action.UPDATE,
                object_type="booking_rules",
                object_id=rules.pk,
            )
        messages.success(request, _("Saved."))
        return redirect("appointments:settings")
    return render(request, "appointments/settings.html", {"form": form})
