"""Public feedback pages: the form, the author's own feedback, and the public list.

Thin: reads through selectors, writes through services. A refused submission (rate limit,
honeypot, invalid field) shows the form again with what the person typed and says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.events.models import Event

from . import selectors, services
from .exceptions import InvalidFeedback
from .forms import HONEYPOT_FIELD, FeedbackForm, LanguageCorrectionForm, PublicFeedbackFilterForm
from .ratelimits import feedback_rate_limited

PER_PAGE = 20


def _initial_event(request: HttpRequest) -> Event | None:
    slug = request.GET.get("event")
    if not slug:
        return None
    return Event.objects.exclude(status=Event.Status.DRAFT).filter(slug=slug).first()


@require_http_methods(["GET", "POST"])
def feedback_new(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, user=request.user)
        if form.is_spam:
            # Keep the text; clear the trap so a person whose browser filled it can resend.
            data = request.POST.copy()
            data[HONEYPOT_FIELD] = ""
            form = FeedbackForm(data, user=request.user)
            form.is_valid()
            form.add_error(None, _("Your feedback was not sent because it looked automated. "
                                   "Please check it and send it again."))
            status = 400
        elif feedback_rate_limited(request):
            form.is_valid()
            form.add_error(None, _("You have sent a lot of feedback in a short time. Please "
                                   "wait a few minutes and try again; what you wrote is "
                                   "still here."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                feedback = services.feedback_submit(
                    body=data["body"], user=request.user, event=data["event"],
                    email=data.get("email", ""), public=data["public"],
                    consent=data["privacy_consent"], ui_language=get_language(),
                )
            except InvalidFeedback as error:
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
                status = 400
            else:
                messages.success(request, _("Thank you. Your feedback has been received."))
                if feedback.user_id:
                    return redirect("feedback:mine_detail", pk=feedback.pk)
                return redirect("feedback:thanks")
        else:
            status = 400
    else:
        event = _initial_event(request)
        form = FeedbackForm(initial={"event": event}, user=request.user)
    return render(request, "feedback/new.html", {"form": form}, status=status)


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/thanks.html")


@login_required
def feedback_mine(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.feedback_list_for_author(user=request.user), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "feedback/mine.html", {
        "page": page, "items": list(page),
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


@login_required
def feedback_mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's feedback is a 404: its existence stays private.
    feedback = get_object_or_404(selectors.feedback_list_for_author(user=request.user), pk=pk)
    form = LanguageCorrectionForm(initial={"language": feedback.language})
    return render(request, "feedback/mine_detail.html", {"feedback": feedback, "form": form})


@login_required
@require_POST
def feedback_set_language(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(selectors.feedback_list_for_author(user=request.user), pk=pk)
    form = LanguageCorrectionForm(request.POST)
    if form.is_valid():
        services.feedback_set_language(feedback=feedback, user=request.user,
                                       language=form.cleaned_data["language"])
        messages.success(request, _("The language of your feedback has been updated."))
        return redirect("feedback:mine_detail", pk=feedback.pk)
    return render(request, "feedback/mine_detail.html",
                  {"feedback": feedback, "form": form}, status=400)


def feedback_public(request: HttpRequest) -> HttpResponse:
    form = PublicFeedbackFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    paginator = Paginator(selectors.feedback_list_public(filters=filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    # Page links keep the filters; only the page number changes.
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/public.html", {
        "form": form, "page": page, "items": list(page), "filter_query": query.urlencode(),
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "is_filtered": bool(filters),
    })
