"""Maps domain errors raised in page views to a translated error page (never a 500)."""

from __future__ import annotations

from django.shortcuts import render

from .exceptions import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(
                request,
                "core/domain_error.html",
                {"message": exception.message, "code": exception.code},
                status=exception.status_code,
            )
        return None
