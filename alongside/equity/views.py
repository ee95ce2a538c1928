"""Equity report pages: the report (therapist, supervisor, admin), its CSV, the admin's
settings and groups, the referral date on a client's record, and the client's own choice."""

import csv
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.stepup import step_up_required
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.clients.models import Client
from alongside.context.models import Dimension, MapEntry
from alongside.core.access import allow_methods, role_required
from alongside.core.spreadsheet import row_of_cells
from alongside.core.versioning import keep_what_they_typed
from alongside.equity import groups as grouping
from alongside.equity import records
from alongside.equity.forms import (
    CountMeForm,
    GroupForm,
    IntakeForm,
    ReportForm,
    RuleForm,
    SettingsForm,
)
from alongside.equity.metrics import Period, counted_clients
from alongside.equity.models import (
    CountingChoice,
    EquitySettings,
    GroupRule,
    Intake,
    ReportingGroup,
)
from alongside.equity.presenting import csv_rows, present
from alongside.equity.report import build
from alongside.equity.suppression import clamp_k

STAFF = (Role.THERAPIST, Role.SUPERVISOR, Role.ADMIN)


def _practice(user):
    if user.practice_id is None:
        raise Http404
    return user.practice


def _asked(request, practice):
    form = ReportForm(request.GET or None, practice=practice)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = Period(data.get("since") or today - timedelta(days=365), data.get("until") or today)
    dimensions = form.fields["by"].queryset
    by = data.get("by") or dimensions.filter(code="ethnicity").first() or dimensions.first()
    if by is None:
        raise Http404
    return form, period, by, data.get("also")


def _reports(request):
    practice = _practice(request.user)
    form, period, by, also = _asked(request, practice)
    whole, own = build(practice, period=period, by=by, also=also, viewer=request.user)
    return practice, form, whole, own


@role_required(*STAFF)
def report(request):
    allow_methods(request, "GET")
    practice, form, whole, own = _reports(request)
    record(actor=request.user, action=Action.VIEW, object_type="equity_report")
    sections = []
    for i, table in enumerate(whole.tables):
        sections.append(
            {
                "practice": present(table),
                "own": present(own.tables[i]) if own else None,
            }
        )
    return render(
        request,
        "equity/report.html",
        {
            "form": form,
            "whole": whole,
            "own": own,
            "sections": sections,
            "query": request.GET.urlencode(),
            "is_admin": request.user.role == Role.ADMIN,
        },
    )


@role_required(*STAFF)
@step_up_required
def export_csv(request):
    allow_methods(request, "GET")
    _practice_, _form, whole, own = _reports(request)
    record(actor=request.user, action=Action.EXPORT, object_type="equity_report")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="equity-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["scope", "metric", "by", "group", "column", "label", "value", "note"])
    reports = [(whole, "practice")] + ([(own, "own")] if own else [])
    for rep, scope in reports:
        for row in csv_rows(rep, scope):
            # Group names are typed by the admin: a spreadsheet must not run them.
            writer.writerow(row_of_cells(row))
    writer.writerow([])
    writer.writerow([f"k={whole.k}", f"since={whole.period.since}", f"until={whole.period.until}"])
    return response


# The admin's settings and groups ----------------------------------------------------------


@role_required(Role.ADMIN)
def settings_page(request):
    allow_methods(request, "GET", "POST")
    practice = _practice(request.user)
    current = EquitySettings.for_practice(practice)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        records.admin_change(request.user, Action.ADMIN, "equity_settings", current, form.save)
        messages.success(request, _("Report settings saved."))
        return redirect("equity:settings")
    return render(request, "equity/settings.html", {"form": form})


@role_required(Role.ADMIN)
def groups_page(request):
    allow_methods(request, "GET", "POST")
    practice = _practice(request.user)
    dimensions = Dimension.objects.for_practice(practice)
    code = request.GET.get("dimension") or request.POST.get("dimension") or "ethnicity"
    dimension = dimensions.filter(code=code).first() or dimensions.first()
    if dimension is None:
        raise Http404
    form = GroupForm(
        request.POST or None,
        practice=practice,
        dimension=dimension,
        instance=ReportingGroup(practice=practice, dimension=dimension),
    )
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        records.admin_change(request.user, Action.CREATE, "equity_group", group, group.save)
        messages.success(request, _("Group added. Now say which words put someone in it."))
        return redirect("equity:group", group_id=group.pk)
    settings = EquitySettings.for_practice(practice)
    k = clamp_k(settings.k)
    counted = counted_clients(practice, settings)
    words = MapEntry.objects.filter(
        client__in=counted, dimension=dimension, prefer_not_to_say=False
    ).values_list("words", flat=True)
    record(actor=request.user, action=Action.VIEW, object_type="equity_groups")
    return render(
        request,
        "equity/groups.html",
        {
            "form": form,
            "dimension": dimension,
            "dimensions": dimensions,
            "groups": ReportingGroup.objects.filter(
                practice=practice, dimension=dimension
            ).prefetch_related("rules"),
            "phrases": grouping.common_phrases(list(words), k),
            "k": k,
        },
    )


def _group(user, group_id):
    group = ReportingGroup.objects.filter(pk=group_id, practice_id=user.practice_id).first()
    if group is None or user.practice_id is None:
        raise Http404
    return group


@role_required(Role.ADMIN)
def group(request, group_id):
    group = _group(request.user, group_id)
    allow_methods(request, "GET", "POST")
    form = RuleForm(request.POST or None, instance=GroupRule(group=group))
    if request.method == "POST" and form.is_valid():
        rule = form.save(commit=False)
        records.admin_change(request.user, Action.CREATE, "equity_rule", rule, rule.save)
        messages.success(request, _("Rule added."))
        return redirect("equity:group", group_id=group.pk)
    return render(
        request,
        "equity/group.html",
        {"group": group, "rules": group.rules.all(), "form": form},
    )


@role_required(Role.ADMIN)
def group_delete(request, group_id):
    group = _group(request.user, group_id)
    allow_methods(request, "GET", "POST")
    if request.method == "GET":
        return render(request, "equity/confirm_delete.html", {"what": group.label})
    code = group.dimension.code
    records.admin_change(request.user, Action.DELETE, "equity_group", group, group.delete)
    messages.success(request, _("Group removed."))
    return redirect(f"{redirect('equity:groups').url}?dimension={code}")


@role_required(Role.ADMIN)
def rule_delete(request, rule_id):
    rule = GroupRule.objects.filter(pk=rule_id, group__practice_id=request.user.practice_id).first()
    if rule is None or request.user.practice_id is None:
        raise Http404
    allow_methods(request, "GET", "POST")
    if request.method == "GET":
        what = f"{rule.get_match_display()} “{rule.phrase}”"
        return render(request, "equity/confirm_delete.html", {"what": what})
    group_id = rule.group_id
    records.admin_change(request.user, Action.DELETE, "equity_rule", rule, rule.delete)
    messages.success(request, _("Rule removed."))
    return redirect("equity:group", group_id=group_id)


# On the client's record and in the portal --------------------------------------------------


@role_required(Role.THERAPIST)
def intake(request, client_id):
    client = open_client(
        request.user, client_id, write=True, object_type="intake", action=Action.UPDATE
    )
    allow_methods(request, "GET", "POST")
    current = Intake.objects.filter(client=client).first() or Intake(client=client)
    form = IntakeForm(request.POST or None, instance=current, initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            records.save_intake(request.user, client, form)
        except records.StaleEdit:
            form = keep_what_they_typed(
                form, _("Someone saved this after you opened it. Please check and save again.")
            )
        else:
            messages.success(request, _("Referral and ending saved."))
            return redirect("clients:detail", client_id=client.pk)
    return render(request, "equity/intake.html", {"client": client, "form": form})


@role_required(Role.CLIENT)
def count_me(request):
    allow_methods(request, "GET", "POST")
    mine = Client.objects.visible_to(request.user).values_list("pk", flat=True).first()
    if mine is None:
        raise Http404
    client = open_client(request.user, mine, object_type="equity_choice")
    settings = EquitySettings.for_practice(client.practice)
    choice = CountingChoice.objects.filter(client=client).first()
    counted = choice.counted if choice else settings.count_by_default
    form = CountMeForm(request.POST or None, initial={"counted": "yes" if counted else "no"})
    if request.method == "POST" and form.is_valid():
        records.choose_counting(request.user, client, form.cleaned_data["counted"])
        messages.success(request, _("Your choice is saved. You can change it at any time."))
        return redirect("equity:count_me")
    return render(
        request,
        "equity/count_me.html",
        {"form": form, "counted": counted, "chosen": choice, "default": settings.count_by_default},
    )
