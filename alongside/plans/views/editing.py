"""One edit page for every part of the plan, for both sides: the form, and on a conflict
what is saved now beside it. Views pass what differs (the form, how to save, where next)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from alongside.plans.views.common import saved_now_pairs, versioned_save


def edit_page(
    request,
    *,
    client,
    row,
    build,
    save,
    title,
    done_url,
    saved_message,
    lede="",
    portal=False,
    extra=None,
):
    """GET shows `build(None)`; POST saves through the plan's one versioned edit."""
    conflict = None
    if request.method == "POST":
        form, saved, conflict = versioned_save(
            request.POST,
            build,
            save,
            lambda: type(row).objects.visible_to(request.user).get(pk=row.pk),
        )
        if saved:
            messages.success(request, saved_message)
            return redirect(done_url)
    else:
        form = build(None)
    context = {
        "client": client,
        "form": form,
        "title": title,
        "lede": lede,
        "done_url": done_url,
        "portal": portal,
        "row": row,
        "saved_now": saved_now_pairs(form, conflict),
    }
    context.update(extra or {})
    return render(request, "plans/edit.html", context)
