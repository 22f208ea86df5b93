from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .forms import AnswerForm
from .questions import QUESTIONS, question
from .services import build_overview, valid_answers

SESSION_KEY = "veiviser"


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/start.html", {"count": len(QUESTIONS)})


def step(request: HttpRequest, number: int) -> HttpResponse:
    if not 1 <= number <= len(QUESTIONS):
        raise Http404
    current = question(number)
    answers = request.session.get(SESSION_KEY, {})
    if request.method == "POST":
        form = AnswerForm(request.POST, question=current)
        if form.is_valid():
            answers[current.key] = form.cleaned_data["svar"]
            request.session[SESSION_KEY] = answers
            if number < len(QUESTIONS):
                return redirect("guide:step", number=number + 1)
            return redirect(overview_url(answers))
    else:
        form = AnswerForm(initial={"svar": answers.get(current.key)}, question=current)
    context = {
        "form": form,
        "question": current,
        "number": number,
        "count": len(QUESTIONS),
        "back_url": reverse("guide:step", args=[number - 1]) if number > 1 else reverse("guide:start"),
    }
    return render(request, "guide/step.html", context)


def overview_url(answers: dict) -> str:
    params = []
    for q in QUESTIONS:
        value = answers.get(q.key)
        for item in value if isinstance(value, list) else [value]:
            if item:
                params.append((q.key, item))
    return f"{reverse('guide:overview')}?{urlencode(params)}"


def overview(request: HttpRequest) -> HttpResponse:
    """The personal overview. Addressed by the answers, so it can be shared; no personal data."""
    answers = valid_answers(request.GET)
    if answers is None:
        return render(request, "guide/incomplete.html", status=400)
    context = {"overview": build_overview(answers), "share_url": request.build_absolute_uri()}
    return render(request, "guide/overview.html", context)
