from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same plain page whether a record is missing or not yours: nothing to learn from it.
    return render(request, "404.html", status=404)
