"""The API's rate throttles: DRF's, counted in one Redis round trip.

DRF's `SimpleRateThrottle` keeps a list of request times per caller (a sliding window) and
reads and writes it through the cache on every request: two round trips and a pickled list.
With the Redis cache (`apps/core/cache.py`) these count in a fixed window instead, one atomic
script per request. A fixed window lets a caller make up to twice the rate across a window
boundary, the usual trade of counter-based limits (django-ratelimit, used by the forms,
makes the same). Other caches (locmem in development) keep DRF's behaviour.
Rates, scopes and cache keys are DRF's: settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling


class WindowCountMixin:
    remaining: float | None = None
    # Not DRF's key: theirs holds a pickled list, which INCR refuses (a deploy, or old and new
    # processes side by side, would otherwise turn throttled requests into errors).
    cache_format = "throttle-count_%(scope)s_%(ident)s"

    def allow_request(self, request: Any, view: Any) -> bool:
        count = getattr(self.cache, "count", None)
        if self.rate is None or count is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        used, self.remaining = count(self.key, window=self.duration)
        return used <= self.num_requests

    def wait(self) -> float | None:
        if self.remaining is None:
            return super().wait()
        return self.remaining


class AnonRateThrottle(WindowCountMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(WindowCountMixin, throttling.UserRateThrottle):
    pass
