"""The API's throttles (apps/core/throttling.py) and the Redis cache they count in
(apps/core/cache.py): same limits and answers as DRF's, one round trip per request."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.core.cache import RedisCache
from apps.core.throttling import AnonRateThrottle, UserRateThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

redis_cache = pytest.mark.redis


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min",
                                                                "user": "3/min"})


def test_the_api_uses_these_throttles():
    from rest_framework.settings import api_settings

    classes = api_settings.DEFAULT_THROTTLE_CLASSES
    assert classes == [AnonRateThrottle, UserRateThrottle]


@redis_cache
def test_the_redis_cache_keeps_one_client_per_pool():
    assert isinstance(caches["default"], RedisCache)
    client = cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    cache.set("k", "v")
    assert cache.get("k") == "v"


@redis_cache
def test_count_is_a_fixed_window_that_starts_with_the_first_count():
    assert cache.count("window", window=60)[0] == 1
    used, left = cache.count("window", window=60)
    assert used == 2 and 0 < left <= 60
    assert cache.count("short", window=1)[0] == 1
    time.sleep(1.2)
    assert cache.count("short", window=1)[0] == 1  # the window ended: counting restarts


@redis_cache
def test_a_counter_without_expiry_gets_one():
    cache.set("stuck", 7, timeout=None)  # as a crash or another writer could leave it
    used, left = cache.count("stuck", window=30)
    assert used == 8 and 0 < left <= 30
    redis = cache._cache.get_client(write=True)
    assert 0 < redis.pttl(cache.make_key("stuck")) <= 30_000


@redis_cache
def test_drf_throttle_history_left_by_an_earlier_version_is_no_error(three_per_minute):
    """DRF kept a pickled list of request times under its own key; ours is another key."""
    user = UserFactory()
    cache.set(f"throttle_user_{user.pk}", [time.time()] * 2, timeout=60)
    client = APIClient()
    client.force_authenticate(user)
    assert [client.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]


@redis_cache
def test_anonymous_callers_are_refused_over_the_rate_with_retry_after(three_per_minute):
    client = APIClient()
    statuses = [client.get("/api/schema/?format=json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/schema/?format=json")
    assert refused.json()["error"]["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another address has its own count.
    other = APIClient(REMOTE_ADDR="203.0.113.9")
    assert other.get("/api/schema/?format=json").status_code == 200


@redis_cache
def test_each_user_has_their_own_count(three_per_minute):
    first, second = APIClient(), APIClient()
    first.force_authenticate(UserFactory())
    second.force_authenticate(UserFactory())
    assert [first.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get("/api/v1/me/").status_code == 200


def test_without_the_redis_cache_drf_counts_as_before(three_per_minute, monkeypatch, rf):
    monkeypatch.setattr(AnonRateThrottle, "cache", LocMemCache("throttle-test", {}))
    request = rf.get("/api/v1/events/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    results = []
    for _ in range(4):
        throttle = AnonRateThrottle()
        results.append(throttle.allow_request(request, None))
    assert results == [True, True, True, False]
    assert throttle.remaining is None and 0 < throttle.wait() <= 60
