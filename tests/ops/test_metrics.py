"""Prometheus metrics (METRICS=1): what they count, that they name nobody, and that each
process serves them on a port of its own on 127.0.0.1, which the nginx site never reaches."""

from __future__ import annotations

import logging
import re
import socket

import pytest
import requests
from browser_support import ROOT, LiveClient, Server, create_session, free_port
from helpers import Actions
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from waiting import wait_until

from session_app import config, create_app, metrics

NAMES = ("Annelies", "Bartholomeus", "Cornelis")
TEAM = "Wmo-raad Zuidoost"
REASON = "Zij sprak de wethouder aan"


@pytest.fixture
def counted(tmp_path):
    # Five events per person per 10 s: the host's burst below meets the flood limit.
    app = create_app(config.TestingConfig(f"sqlite:///{tmp_path}/m.db", EVENTS_PER_10S=5))
    live = metrics.enable(app)
    yield app, live
    metrics.disable()
    app.extensions["store"].engine.dispose()


def samples(text: str) -> dict[tuple, float]:
    """Every sample of the exposition text: (name, sorted labels) -> value."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_events_refusals_connections_and_sessions_are_counted_without_names(counted, caplog):
    app, live = counted
    caplog.set_level(logging.DEBUG)
    actions = Actions(app)
    try:
        team = actions.team(NAMES, team_name=TEAM)
        assert team.host_act("start_rounds") == {"ok": True}
        round_id = team.play_round(reasons=lambda voter: f"{REASON} ({voter})")
        voters = len(NAMES) - 1
        # Refused: a phone sending the facilitator's event, a pick for no round, a page
        # without its cookie, and the host sending too many at once.
        phone = team.phone(NAMES[0])
        assert Actions.act(phone, "reveal", {"round_id": round_id})["ok"] is False
        assert Actions.pick(phone, "no-such-round")["ok"] is False
        intruder = actions.connect(None, {"role": "host", "session": team.hosted.public_id})
        assert not intruder.is_connected()
        # Twelve at once: over the limit whichever way a 10 s window splits them.
        answers = [team.host_act("set_joining", {"open": n % 2 == 0}) for n in range(12)]
        assert not all(answer["ok"] for answer in answers)

        found = samples(generate_latest(live.registry).decode())
        assert value(found, "teamkracht_events_total", event="pick", outcome="ok") == voters
        assert value(found, "teamkracht_events_total", event="pick", outcome="refused") == 1
        assert value(found, "teamkracht_events_total", event="reveal", outcome="refused") == 1
        assert value(found, "teamkracht_events_total", event="set_joining", outcome="ok") >= 1
        assert value(found, "teamkracht_refusals_total", reason="not_allowed") == 1
        assert value(found, "teamkracht_refusals_total", reason="rule") == 1
        assert value(found, "teamkracht_refusals_total", reason="unauthorized") == 1
        assert value(found, "teamkracht_refusals_total", reason="flood") >= 1
        # Time from an event to its answer, per event: every pick was timed.
        assert value(found, "teamkracht_event_answer_seconds_count", event="pick") == voters + 1
        assert value(found, "teamkracht_event_answer_seconds_bucket", event="pick", le="+Inf") == (
            voters + 1
        )
        assert value(found, "teamkracht_event_answer_seconds_sum", event="pick") > 0
        # The host, the screen and a phone per member are connected; one session is open.
        assert value(found, "teamkracht_connections") == 2 + len(NAMES)
        assert value(found, "teamkracht_connects_total") == 2 + len(NAMES)
        assert value(found, "teamkracht_sessions_open") == 1

        team.phone(NAMES[1]).disconnect()
        found = samples(generate_latest(live.registry).decode())
        assert value(found, "teamkracht_connections") == 1 + len(NAMES)

        # Nobody's name, reason, team, code or key is in the metrics or the logs.
        text = generate_latest(live.registry).decode()
        logs = "\n".join(record.getMessage() for record in caplog.records)
        hosted = team.hosted
        secrets = [*NAMES, TEAM, REASON, hosted.join_code, hosted.public_id, hosted.host_key]
        secrets += [hosted.screen_key, *(m.token for m in team.members)]
        for secret in secrets:
            assert secret not in text, secret
            assert secret not in logs, secret
        assert "127.0.0.1" not in text  # nor an address
    finally:
        actions.close()


def test_wrong_facilitator_codes_are_counted_without_the_code(tmp_path):
    app = create_app(config.TestingConfig(f"sqlite:///{tmp_path}/f.db", FACILITATOR_CODES=True))
    live = metrics.enable(app)
    try:
        client = app.test_client()
        assert client.post("/facilitator-code", data={"code": "QWER-TYUP-ACDE"}).status_code == 400
        text = generate_latest(live.registry).decode()
        assert value(samples(text), "teamkracht_refusals_total", reason="facilitator_code") == 1
        assert "QWER" not in text
    finally:
        metrics.disable()
        app.extensions["store"].engine.dispose()


def test_each_process_serves_its_metrics_on_its_own_local_port(tmp_path):
    # Two processes of a rolling set get two ports, next to their own: 5001 → 6001.
    assert metrics.address({}, 5001) == ("127.0.0.1", 6001)
    assert metrics.address({}, 5002) == ("127.0.0.1", 6002)
    assert metrics.address({"METRICS_PORT": 9101, "METRICS_ADDRESS": "10.0.0.5"}, 5001) == (
        "10.0.0.5",
        9101,
    )

    port = free_port()
    server = Server(tmp_path / "s.db", env={"METRICS": "1", "METRICS_PORT": str(port)}).start()
    host = None
    try:
        scrape = f"http://127.0.0.1:{port}/metrics"
        wait_until(lambda: requests.get(scrape, timeout=5).ok, timeout=30)
        http, public_id = create_session(server)
        host = LiveClient(server, http, "host", public_id)

        def connections() -> float:
            return value(samples(requests.get(scrape, timeout=5).text), "teamkracht_connections")

        wait_until(lambda: connections() == 1, timeout=10)
        found = samples(requests.get(scrape, timeout=5).text)
        assert value(found, "teamkracht_sessions_open") == 1
        assert value(found, "process_resident_memory_bytes") > 0
        # Not on the app's own port, the only one nginx passes on.
        assert requests.get(f"{server.url}/metrics", timeout=5).status_code == 404
    finally:
        if host is not None:
            host.sio.disconnect()
        output = server.stop()
    assert f"Metrics: http://127.0.0.1:{port}/metrics" in output


def test_the_nginx_site_passes_on_only_the_app_processes():
    site = (ROOT / "deploy" / "nginx-teamkracht.conf").read_text()
    code = "\n".join(line.split("#")[0] for line in site.splitlines())
    assert re.findall(r"proxy_pass\s+(\S+);", code) == ["http://teamkracht"]
    upstream = re.search(r"upstream teamkracht \{(.*?)\}", code, re.S).group(1)
    ports = [int(p) for p in re.findall(r"server 127\.0\.0\.1:(\d+)", upstream)]
    assert ports  # the app processes (5001, 5002)
    for port in ports:  # the metrics of these processes are on other ports nginx never names
        assert str(metrics.address({}, port)[1]) not in code


def test_a_metrics_port_already_taken_is_said_plainly(tmp_path):
    app = create_app(config.TestingConfig(f"sqlite:///{tmp_path}/p.db", METRICS=True))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        app.config["METRICS_PORT"] = taken.getsockname()[1]
        try:
            with pytest.raises(SystemExit, match="Every process needs a port of its own"):
                metrics.start(app, 5001)
        finally:
            metrics.disable()
            app.extensions["store"].engine.dispose()
