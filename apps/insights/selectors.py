from __future__ import annotations

from .models import Partner


def partner_list() -> list[Partner]:
    return list(Partner.objects.order_by("kind", "slug"))
