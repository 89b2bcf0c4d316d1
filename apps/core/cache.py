"""Django's Redis cache, with one redis-py client per connection pool and an atomic counter.

Django builds a new `redis.Redis` object for every cache call; its constructor copies the
command callback table (about 170 entries), which cost the registration API more CPU than the
Redis round trips themselves (docs/performance.md). The client holds no connection of its
own (the pool does, fork-safe), so one per pool serves every thread of the process.

`count()` is what the API's throttles need (`apps/core/throttling.py`): one round trip to
count a request in a fixed window, instead of DRF's read and write of a history list.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis

# INCR, and when the counter has no expiry (its first count) the window's; returns the
# count and the milliseconds left in the window. One script, so no counter is ever left
# without an expiry (which would throttle its owner for good).
_COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    left = tonumber(ARGV[1])
end
return {count, left}
"""


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._scripts: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client

    def count(self, key: str, window_ms: int) -> tuple[int, int]:
        client = self.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(_COUNT_SCRIPT)
        count, left_ms = script(keys=[key], args=[window_ms])
        return int(count), int(left_ms)


class RedisCache(django_redis.RedisCache):
    """settings.CACHES backend: "apps.core.cache.RedisCache" (same OPTIONS as Django's)."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count(self, key: str, *, window: int, version: int | None = None) -> tuple[int, float]:
        """Counts one event at `key` in a fixed window of `window` seconds that starts with
        its first count. Returns (events in the window, seconds until it ends)."""
        key = self.make_and_validate_key(key, version=version)
        count, left_ms = self._cache.count(key, max(1, int(window * 1000)))
        return count, max(left_ms, 0) / 1000
