"""A small fixed-window rate limit in the shared cache, and the client address behind our proxies.

The address follows allauth's rule (ALLAUTH_TRUSTED_PROXY_COUNT hops of X-Forwarded-For), so that a limit
counts visitors, not the TLS proxy in front of us.
"""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    hops = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def limit_hit(*, scope: str, key: str, limit: int, period_seconds: int) -> bool:
    """Count one use; True when this use is over the limit within the current period."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=period_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period_seconds)
        count = 1
    return count > limit
