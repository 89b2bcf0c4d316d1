from __future__ import annotations

from rest_framework.pagination import PageNumberPagination as _PageNumberPagination


class PageNumberPagination(_PageNumberPagination):
    """?page=N&page_size=M, capped so a client cannot ask for the whole table at once."""

    page_size_query_param = "page_size"
    max_page_size = 100
