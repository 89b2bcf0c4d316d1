"""The notification hook of DESIGN.md §5.

Every state change that a person should hear about calls `notify()` inside the caller's
transaction. The outbox (a row per message, delivered by a Celery task on commit, in the
recipient's language) arrives with the notifications issue; until then `notify` only logs,
so that every call site already exists and is tested.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def notify(*, kind: str, recipient: Any, language: str, context: dict[str, Any],
           dedupe_key: str) -> None:
    logger.info("notify kind=%s recipient=%s language=%s dedupe_key=%s",
                kind, getattr(recipient, "pk", recipient), language, dedupe_key)
