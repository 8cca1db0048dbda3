"""Limits against floods and guessing, shared by every server process.

One small interface (:class:`Counters`) with two backends, chosen by the settings: in this
process's memory (one process, the default) or in Redis (when ``MESSAGE_QUEUE`` is a Redis
URL, so that several processes count together). The policies on top of it (:class:`Throttle`,
:class:`JoinGuard`, :class:`Gate`) never keep state of their own.

Counters use fixed windows: ``hit(key, window)`` counts one event in the window that is
running now and says how many there were. Blocks are keys that expire by themselves.
Addresses and tokens only live here for the length of a window or block, never on disk.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Protocol

PREFIX = "teamkracht:limits:"


class Counters(Protocol):
    def hit(self, key: str, window: float, amount: int = 1) -> int: ...
    def hit_under(self, blocked: str, counts: list[tuple[str, float, int]]) -> list[int] | None:
        """None when ``blocked`` is blocked; else ``hit`` each (key, window, limit) in turn,
        while the counts stay within their limits; the counts. (One round trip to Redis.)"""
        ...

    def count(self, key: str) -> int: ...
    def block(self, key: str, seconds: float) -> None: ...
    def blocked(self, key: str) -> bool: ...


class MemoryCounters:
    """Counters of one process (enough when one process serves everyone)."""

    MAX_KEYS = 100_000  # never grow without bound, whatever an attacker sends

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}  # key -> (window end, count)
        self._blocks: dict[str, float] = {}  # key -> end

    def _tidy(self, now: float) -> None:
        if len(self._counts) > self.MAX_KEYS:
            self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
            if len(self._counts) > self.MAX_KEYS:
                self._counts.clear()
        if len(self._blocks) > self.MAX_KEYS:
            self._blocks = {k: v for k, v in self._blocks.items() if v > now}

    def hit(self, key: str, window: float, amount: int = 1) -> int:
        now = time.monotonic()
        with self._lock:
            end, count = self._counts.get(key, (0.0, 0))
            if end <= now:
                end, count = now + window, 0
            count += amount
            self._counts[key] = (end, count)
            self._tidy(now)
            return count

    def hit_under(self, blocked: str, counts: list[tuple[str, float, int]]) -> list[int] | None:
        if self.blocked(blocked):
            return None
        got: list[int] = []
        for key, window, limit in counts:
            got.append(self.hit(key, window))
            if got[-1] > limit:
                break
        return got

    def count(self, key: str) -> int:
        with self._lock:
            end, count = self._counts.get(key, (0.0, 0))
            return count if end > time.monotonic() else 0

    def block(self, key: str, seconds: float) -> None:
        with self._lock:
            self._blocks[key] = time.monotonic() + seconds
            self._tidy(time.monotonic())

    def blocked(self, key: str) -> bool:
        with self._lock:
            return self._blocks.get(key, 0.0) > time.monotonic()


REDIS_CONNECTIONS = 100  # per process, for the limits (the message queue has its own)

# ``hit_under`` in Redis: KEYS[1] the block, then the counters; ARGV window, limit, ...
HIT_UNDER = """
if redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
local counts = {}
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], 0, 'EX', ARGV[2 * i - 3], 'NX')
  counts[i - 1] = redis.call('INCRBY', KEYS[i], 1)
  if counts[i - 1] > tonumber(ARGV[2 * i - 2]) then break end
end
return counts
"""


class RedisCounters:
    """Counters in Redis, shared by every process that uses the same Redis."""

    def __init__(self, url: str):
        import redis  # only needed when several processes share the limits

        # A process serves hundreds of phones at once, each event asking Redis: past its
        # connections redis-py's default pool refuses (MaxConnectionsError, from version 8
        # at 100); this one waits for a free connection instead.
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=REDIS_CONNECTIONS, timeout=5, socket_timeout=5
        )
        self.redis = redis.Redis(connection_pool=pool)
        self._hit_under = self.redis.register_script(HIT_UNDER)

    def hit(self, key: str, window: float, amount: int = 1) -> int:
        key = PREFIX + "n:" + key
        pipe = self.redis.pipeline()
        pipe.set(key, 0, ex=max(1, math.ceil(window)), nx=True)
        pipe.incrby(key, amount)
        return int(pipe.execute()[1])

    def hit_under(self, blocked: str, counts: list[tuple[str, float, int]]) -> list[int] | None:
        keys = [PREFIX + "b:" + blocked, *(PREFIX + "n:" + key for key, _w, _l in counts)]
        args = [x for _k, window, limit in counts for x in (max(1, math.ceil(window)), limit)]
        got = [int(n) for n in self._hit_under(keys=keys, args=args)]
        return None if got == [-1] else got

    def count(self, key: str) -> int:
        value = self.redis.get(PREFIX + "n:" + key)
        return int(value) if value is not None else 0

    def block(self, key: str, seconds: float) -> None:
        self.redis.set(PREFIX + "b:" + key, 1, ex=max(1, math.ceil(seconds)))

    def blocked(self, key: str) -> bool:
        return bool(self.redis.exists(PREFIX + "b:" + key))


def counters_for(config: dict) -> Counters:
    url = config.get("MESSAGE_QUEUE") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisCounters(url)
    return MemoryCounters()


# --- policies ----------------------------------------------------------------


@dataclass
class Throttle:
    """Live events and connections, counted per person (member, host, screen) and per address.

    Every connection of one member shares that member's count, so opening more connections
    gains nothing. Someone who keeps sending after being refused ``strikes`` times is
    blocked for ``block_seconds``: their connections are closed and refused until then.
    """

    counters: Counters
    per_person: int = 60  # events per window
    per_address: int = 600  # a venue's router can carry a whole team
    window: float = 10.0
    strikes: int = 40
    block_seconds: float = 60.0
    connects_per_person: int = 30  # per minute
    failed_connects_per_address: int = 120  # per minute: unauthorised or malformed connects

    def allow(self, person: str, address: str) -> bool | None:
        """True: go on; False: refuse this event; None: refuse and disconnect (blocked)."""
        # The block and both counts in one go (one round trip to Redis, on every event);
        # the address is not counted for an event its person is over the limit with.
        counts = self.counters.hit_under(
            "p:" + person,
            [
                ("ev:" + person, self.window, self.per_person),
                ("ev-a:" + address, self.window, self.per_address),
            ],
        )
        if counts is None:
            return None
        if len(counts) == 2 and counts[1] <= self.per_address:
            return True
        if self.counters.hit("strike:" + person, 60) >= self.strikes:
            self.counters.block("p:" + person, self.block_seconds)
            return None
        return False

    def is_blocked(self, person: str) -> bool:
        return self.counters.blocked("p:" + person)

    def allow_connect_address(self, address: str) -> bool:
        """Checked before anything is looked up: whether this address failed to connect too
        often in the last minute (a page with a valid key or cookie never counts: a venue's
        phones all come back after a restart, however many share the address)."""
        return self.counters.count("conn-bad-a:" + address) < self.failed_connects_per_address

    def failed_connect(self, address: str) -> None:
        """A connect without a valid key or cookie, or malformed: what guessing looks like."""
        self.counters.hit("conn-bad-a:" + address, 60)

    def allow_connect(self, person: str, address: str) -> bool:
        """Then per person: a blocked one stays out; reconnecting in a loop is refused."""
        return (
            not self.is_blocked(person)
            and self.counters.hit("conn:" + person, 60) <= self.connects_per_person
        )


@dataclass
class JoinGuard:
    """Wrong join codes, so that nobody can try codes until one fits (with ``kind="f"``
    the same for facilitator codes, counted apart).

    Counted per address and per browser (a random id in a cookie). A browser that typed a
    wrong code too often waits; an address where many wrong codes came from only refuses
    browsers that typed a wrong code themselves, or that it has never seen before once too
    many new ones came from there. A correct code from anyone else is always accepted:
    phones behind one venue router are never locked out by one guesser among them.
    """

    counters: Counters
    per_browser: int = 10
    per_address: int = 30
    new_browsers_per_address: int = 60
    window: float = 300.0
    kind: str = "j"  # whose codes: "j" join codes, "f" facilitator codes (counted apart)

    def known_browser(self, browser: str | None) -> bool:
        return bool(browser) and self.counters.count("jb:" + browser) > 0

    def register(self, address: str) -> bool:
        """May this address get a new browser id now?"""
        return self.counters.hit("jb-new:" + address, 3600) <= self.new_browsers_per_address

    def remember(self, browser: str) -> None:
        self.counters.hit("jb:" + browser, 24 * 3600)

    def blocked(self, address: str, browser: str | None) -> bool:
        own = self.counters.count(f"{self.kind}m:" + browser) if browser else 0
        if own >= self.per_browser:
            return True
        crowded = self.counters.count(f"{self.kind}m-a:" + address) >= self.per_address
        return crowded and (browser is None or own > 0)

    def miss(self, address: str, browser: str | None) -> None:
        self.counters.hit(f"{self.kind}m-a:" + address, self.window)
        if browser:
            self.counters.hit(f"{self.kind}m:" + browser, self.window)


@dataclass
class Gate:
    """How often new sessions may be made and members may join."""

    counters: Counters
    sessions_per_address: int = 20  # per hour
    sessions_overall: int = 300  # per hour, every address together
    joins_per_session: int = 60  # per minute: a whole team can scan the QR code at once

    def allow_session(self, address: str) -> bool:
        return (
            self.counters.hit("new-a:" + address, 3600) <= self.sessions_per_address
            and self.counters.hit("new", 3600) <= self.sessions_overall
        )

    def allow_join(self, session_id: int) -> bool:
        return self.counters.hit(f"join:{session_id}", 60) <= self.joins_per_session


@dataclass
class Limits:
    """Everything above, for one app (``app.extensions["limits"]``)."""

    counters: Counters
    throttle: Throttle
    join_guard: JoinGuard
    gate: Gate


def from_config(config: dict) -> Limits:
    counters = counters_for(config)

    def setting(name: str, default: int) -> int:
        return int(config.get(name, default))

    return Limits(
        counters,
        Throttle(
            counters,
            per_person=setting("EVENTS_PER_10S", 60),
            per_address=setting("EVENTS_PER_ADDRESS_PER_10S", 600),
            block_seconds=setting("FLOOD_BLOCK_SECONDS", 60),
            failed_connects_per_address=setting("FAILED_CONNECTS_PER_ADDRESS_PER_MINUTE", 120),
        ),
        JoinGuard(counters, per_address=setting("WRONG_CODES_PER_ADDRESS", 30)),
        Gate(
            counters,
            sessions_per_address=setting("SESSIONS_PER_ADDRESS_PER_HOUR", 20),
            sessions_overall=setting("SESSIONS_PER_HOUR", 300),
            joins_per_session=setting("JOINS_PER_SESSION_PER_MINUTE", 60),
        ),
    )


class QuietLog(logging.Filter):
    """At most ``per_minute`` short records a minute through a logger, and one traceback.

    Refused or malformed events (Socket.IO logs a traceback for each frame it cannot read)
    then cannot fill a disk faster than the bytes an attacker sends: at most a few hundred
    bytes and one traceback a minute, however much comes in.
    """

    def __init__(self, per_minute: int = 10, longest: int = 200):
        super().__init__()
        self.per_minute, self.longest = per_minute, longest
        self._window_end = 0.0
        self._passed = self._dropped = self._tracebacks = 0
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        with self._lock:
            if now >= self._window_end:
                dropped = self._dropped
                self._window_end, self._passed, self._dropped, self._tracebacks = now + 60, 0, 0, 0
                if dropped:
                    record.msg = f"({dropped} similar messages left out) {record.msg}"
            if self._passed >= self.per_minute:
                self._dropped += 1
                return False
            self._passed += 1
            if record.exc_info:
                self._tracebacks += 1
                if self._tracebacks > 1:  # the first one tells what went wrong
                    error = record.exc_info[1]
                    record.msg = f"{record.getMessage()}: {type(error).__name__}"
                    record.args, record.exc_info, record.exc_text = None, None, None
            message = record.getMessage()
            if len(message) > self.longest:
                record.msg, record.args = message[: self.longest] + "…", None
            return True
