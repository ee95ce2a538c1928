"""The answering pages, shared by the portal and the link: no JavaScript needed.

One question per screen (the default) pages through the questionnaire on the server and
saves the draft at every step; "all at once" shows every question on one page. The step is
in the query string (?q=0 is the introduction, ?q=N+1 the check-your-answers page).
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alongside.measures import checkins, instruments
from alongside.measures.forms import AnswerForm, initial_for

MODES = ("one", "all")


def _int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _url(base, **params):
    params = {k: v for k, v in params.items() if v not in (None, "", "one")}
    return f"{base}?{urlencode(params)}" if params else base


def help_now(score) -> bool:
    return any(alert.kind == "safety" for alert in score.alerts)


class Flow:
    def __init__(self, request, check_in, *, base_url, actor, via, base_template, exit_url):
        self.request = request
        self.check_in = check_in
        # In the reader's language only from a published translation in the file; otherwise
        # as written, and the page says so (and marks the questions' language for screen readers).
        self.instrument, self.in_language = instruments.for_language(
            check_in.instrument, get_language()
        )
        self.base_url = base_url
        self.actor = actor
        self.via = via
        self.base_template = base_template
        self.exit_url = exit_url
        source = request.POST if request.method == "POST" else request.GET
        self.mode = source.get("mode") if source.get("mode") in MODES else "one"
        self.step = _int(source.get("q"))
        draft = checkins.draft_for(check_in)
        self.answers = draft.answers if draft else {}
        self.has_draft = bool(self.answers)

    # Rendering -------------------------------------------------------------------------------

    def render(self, stage, status=200, **extra):
        visible = self.instrument.visible(self.answers)
        context = {
            "base_template": self.base_template,
            "stage": stage,
            "instrument": self.instrument,
            "instrument_lang": "" if self.in_language else self.instrument.language,
            "check_in": self.check_in,
            "mode": self.mode,
            "step": self.step,
            "total": len(visible),
            # Counted over every question, so "2 of 10" never turns into "2 of 9" when a
            # question that applies only to some answers comes or goes.
            "progress_total": len(self.instrument.questions),
            "some_conditional": len(visible) < len(self.instrument.questions)
            or any(q.conditions for q in self.instrument.questions),
            "action_url": self.base_url,
            "exit_url": self.exit_url,
            "one_url": _url(self.base_url, q=1),
            "all_url": _url(self.base_url, mode="all"),
            "has_draft": self.has_draft,
            "via_link": self.via == "link",
            **extra,
        }
        return render(self.request, "measures/answer.html", context, status=status)

    def page(self, form=None, status=200):
        visible = self.instrument.visible(self.answers)
        if self.mode == "all":
            questions = visible
            form = form or AnswerForm(
                questions, initial=initial_for(questions, self.answers), show_group_text=False
            )
            return self.render("all", status, form=form, groups=_grouped(form, questions))
        if self.step <= 0:
            return self.render("intro")
        if self.step > len(visible):
            return self.review()
        question = visible[self.step - 1]
        form = form or AnswerForm([question], initial=initial_for([question], self.answers))
        return self.render(
            "question",
            status,
            form=form,
            question=question,
            back_url=_url(self.base_url, q=self.step - 1),
        )

    def review(self, missing=None, status=200):
        visible = self.instrument.visible(self.answers)
        rows = [
            (n, q, q.display(self.answers.get(q.link_id))) for n, q in enumerate(visible, start=1)
        ]
        return self.render(
            "review",
            status,
            rows=rows,
            missing=[(n, q) for n, q, _shown in rows if q in (missing or [])],
            change_url=self.base_url,
        )

    # Handling --------------------------------------------------------------------------------

    def get(self):
        return self.page()

    def post(self):
        action = self.request.POST.get("action", "next")
        visible = self.instrument.visible(self.answers)
        if self.mode == "all":
            return self._post_all(action, visible)
        if action == "send" or self.step > len(visible):
            return self._send()
        if not 1 <= self.step <= len(visible):
            return HttpResponseRedirect(_url(self.base_url, q=1))
        question = visible[self.step - 1]
        moving_on = action == "next"
        form = AnswerForm([question], self.request.POST, require=moving_on)
        if not form.is_valid():
            return self.page(form, status=400)
        self._merge([question], form.answers())
        if action == "save":
            return self.render("saved")
        step = self.step + 1 if moving_on else self.step - 1
        # Questions may appear or go with this answer (enableWhen): count again.
        step = min(step, len(self.instrument.visible(self.answers)) + 1)
        return HttpResponseRedirect(_url(self.base_url, q=max(step, 0)))

    def _post_all(self, action, visible):
        sending = action == "send"
        form = AnswerForm(visible, self.request.POST, require=sending, show_group_text=False)
        if not form.is_valid():
            return self.page(form, status=400)
        self._merge(visible, form.answers())
        if not sending:
            return self.render("saved")
        return self._send()

    def _merge(self, questions, answers):
        merged = dict(self.answers)
        for question in questions:
            merged.pop(question.link_id, None)
        merged.update(answers)
        self.answers = merged
        checkins.save_draft(self.actor, self.check_in, merged, via=self.via)
        self.has_draft = True

    def _send(self):
        missing = self.instrument.missing_required(self.answers)
        if missing:
            return self.review(missing=missing, status=400)
        try:
            response = checkins.submit(self.actor, self.check_in, self.answers, via=self.via)
        except checkins.AlreadySent:
            return self.render("already", status=409)
        score = self.instrument.score(response.answers)
        return self.render("done", help_now=help_now(score))


def _grouped(form, questions):
    """[(group text, [bound fields])] so the all-at-once page shows each stem once."""
    groups = []
    for question in questions:
        if not groups or groups[-1][0] != question.group_text:
            groups.append((question.group_text, []))
        groups[-1][1].append(form[question.link_id])
    return groups


def closed_message(check_in) -> str:
    if check_in.status == "done":
        return _("You have already sent this check-in. Thank you.")
    return _("This check-in is closed now. Your therapist may send a new one.")
