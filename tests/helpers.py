"""Factory helpers for the tests: sessions, members and socket clients made in one line.

``Actions`` drives the app the way the pages do: the HTTP forms create a session and join
it, and Socket.IO test clients (holding the cookies of their Flask test client) do the rest.
The ``rules_*`` helpers build plain model objects, never stored, for the pure rules.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient
from sqlalchemy import event

from session_app import answers, members, socketio
from session_app.access import HOST_COOKIE, MEMBER_COOKIE
from session_app.change import Change
from session_app.exercise import pending_rounds
from session_app.store import Member, Pick, Round, Store, TeamSession

# Two different competencies per voter, so a test can tell whose picks leaked where.
PICK_SETS = [
    ("signaleren", "sensitiviteit"),
    ("communicatie", "lef"),
    ("creativiteit", "onderhandelen"),
    ("overtuigingskracht", "netwerken"),
    ("samenwerken", "zelfreflectie"),
    ("stressbestendigheid", "politiek_inzicht"),
]


def picks(first: str = "lef", second: str = "netwerken", reason: str = "Because.") -> list[dict]:
    """The payload of a valid ``pick``: two competencies with a reason each."""
    return [
        {"competency": first, "reason": f"{reason} (1)"},
        {"competency": second, "reason": f"{reason} (2)"},
    ]


def text_of(value: Any) -> str:
    """Everything a client received, as one string to search in."""
    return json.dumps(value, ensure_ascii=False)


# --- HTTP + Socket.IO --------------------------------------------------------


def join_form(client: FlaskClient, code: str, name: str, **extra: str):
    """Post the join form as a browser does: /join checks the code, then (307) the browser
    posts it again to the session's own join address. The last response is returned."""
    response = client.post("/join", data={"code": code, "name": name, **extra})
    if response.status_code == 307:
        response = client.post(
            response.headers["Location"], data={"code": code, "name": name, **extra}
        )
    return response


def session_cookie(client: FlaskClient, name: str, public_id: str):
    """A session's cookie (set for that session's path only)."""
    return client.get_cookie(name.format(public_id), path=f"/s/{public_id}/")


def session_cookies(client: FlaskClient, path: str) -> str:
    """The Cookie header a browser sends to ``path``: the cookies whose path fits."""
    return "; ".join(
        f"{c.key}={c.value}" for c in client._cookies.values() if path.startswith(c.path)
    )


@dataclass
class Hosted:
    """A session as its facilitator knows it, plus the keys a test reads from the database."""

    public_id: str
    join_code: str
    screen_key: str
    host_key: str
    host: FlaskClient  # holds the host cookie


@dataclass
class Joined:
    """A member as their phone knows them."""

    name: str
    member_id: int
    token: str
    client: FlaskClient  # holds the member cookie
    hosted: Hosted


@dataclass
class Actions:
    """Common actions against one app (in the style of the Flask tutorial's AuthActions)."""

    app: Flask
    sockets: list[SocketIOTestClient] = field(default_factory=list)

    # --- HTTP --------------------------------------------------------------

    def new_client(self, lang: str | None = "en") -> FlaskClient:
        """A browser of its own; ``lang`` sets the language cookie (None: no cookie)."""
        client = self.app.test_client()
        if lang:
            client.set_cookie("lang", lang)
        return client

    def create_session(
        self, team_name: str = "Wmo-raad Oost", locale: str = "en", show_names: bool = True
    ) -> Hosted:
        host = self.new_client()
        response = host.post(
            "/sessions",
            data={
                "team_name": team_name,
                "locale": locale,
                "show_names": "yes" if show_names else "no",
            },
        )
        assert response.status_code == 302, response.text
        public_id = response.headers["Location"].split("/")[2]
        s = self.load(public_id)
        assert session_cookie(host, HOST_COOKIE, public_id).value == s.host_key
        return Hosted(public_id, s.join_code, s.screen_key, s.host_key, host)

    def join(self, hosted: Hosted, name: str, lang: str | None = "en") -> Joined:
        client = self.new_client(lang)
        response = join_form(client, hosted.join_code, name)
        assert response.status_code == 302, response.text
        token = session_cookie(client, MEMBER_COOKIE, hosted.public_id).value
        with self.store.transaction() as db:
            member = Store.member_by_token(db, token)
            member_id = member.id
        return Joined(name, member_id, token, client, hosted)

    @property
    def store(self) -> Store:
        return self.app.extensions["store"]

    def load(self, public_id: str) -> TeamSession:
        """The whole session as stored now (members, rounds, picks loaded)."""
        with self.store.transaction() as db:
            s = Store.load(db, public_id=public_id)
            assert s is not None
            return s

    # --- sockets -------------------------------------------------------------

    def connect(self, client: FlaskClient | None, auth: Any) -> SocketIOTestClient:
        # The pages connect through /s/<id>/socket.io/, where the browser sends the
        # session's cookies; the test client always uses /socket.io, so pass them along.
        path = f"/s/{auth.get('session')}/" if isinstance(auth, dict) else "/"
        headers = {"Cookie": session_cookies(client, path)} if client is not None else None
        sock = socketio.test_client(self.app, auth=auth, headers=headers)
        self.sockets.append(sock)
        return sock

    def host_socket(self, hosted: Hosted) -> SocketIOTestClient:
        return self.connect(hosted.host, {"role": "host", "session": hosted.public_id})

    def screen_socket(self, hosted: Hosted) -> SocketIOTestClient:
        auth = {"role": "screen", "session": hosted.public_id, "key": hosted.screen_key}
        return self.connect(self.new_client(), auth)

    def member_socket(self, joined: Joined) -> SocketIOTestClient:
        return self.connect(joined.client, {"role": "member", "session": joined.hosted.public_id})

    def close(self) -> None:
        for sock in self.sockets:
            if sock.is_connected():
                sock.disconnect()

    # --- acting --------------------------------------------------------------

    @staticmethod
    def act(sock: SocketIOTestClient, event: str, *data: Any) -> dict:
        """Emit an event and return the acknowledgement (``{"ok": ...}``)."""
        return sock.emit(event, *data, callback=True)

    @classmethod
    def pick(
        cls,
        sock: SocketIOTestClient,
        round_id: Any,
        chosen: Sequence[str] = ("lef", "netwerken"),
        reason: str = "Because.",
    ) -> dict:
        return cls.act(sock, "pick", {"round_id": round_id, "picks": picks(*chosen, reason)})

    def team(self, names: Sequence[str] = ("Ann", "Bob", "Cas"), **create: Any) -> Team:
        """A session with members who joined, and a connected host, screen and phones.

        What the connections received while the team was set up is thrown away.
        """
        team = self.team_in(self.create_session(**create), names)
        team.flush()
        return team

    def team_in(self, hosted: Hosted, names: Sequence[str]) -> Team:
        """These members join a session made before, and everyone connects."""
        members = [self.join(hosted, name) for name in names]
        return Team(
            actions=self,
            hosted=hosted,
            members=members,
            host=self.host_socket(hosted),
            screen=self.screen_socket(hosted),
            phones={m.member_id: self.member_socket(m) for m in members},
        )


@dataclass
class Team:
    """One session with everyone connected: the host, the screen and a phone per member."""

    actions: Actions
    hosted: Hosted
    members: list[Joined]
    host: SocketIOTestClient
    screen: SocketIOTestClient
    phones: dict[int, SocketIOTestClient]  # by member id

    def member(self, name: str) -> Joined:
        return next(m for m in self.members if m.name == name)

    def phone(self, name: str) -> SocketIOTestClient:
        return self.phones[self.member(name).member_id]

    def everyone(self) -> list[SocketIOTestClient]:
        return [self.host, self.screen, *self.phones.values()]

    def flush(self) -> None:
        for sock in self.everyone():
            if sock.is_connected():
                sock.get_received()

    def load(self) -> TeamSession:
        return self.actions.load(self.hosted.public_id)

    def host_act(self, event: str, data: Any = None) -> dict:
        return Actions.act(self.host, event, data)

    def add(self, name: str) -> Joined:
        """Someone joins later, and their phone connects."""
        joined = self.actions.join(self.hosted, name)
        self.members.append(joined)
        self.phones[joined.member_id] = self.actions.member_socket(joined)
        return joined

    def play_round(self, choose=None, reasons=None) -> int:
        """Every connected voter picks; the host reveals. ``choose(central, voter)`` (names)
        gives the two qualities a voter picks (default: a different pair each);
        ``reasons(voter)`` their reason (made into two), or a pair of reasons."""
        round_ = self.load().current_round
        names = {m.member_id: m.name for m in self.members}
        central = names.get(round_.central_member_id, "")
        for n, (member_id, sock) in enumerate(sorted(self.phones.items())):
            if member_id != round_.central_member_id and sock.is_connected():
                voter = names[member_id]
                chosen = choose(central, voter) if choose else PICK_SETS[n % len(PICK_SETS)]
                said = reasons(voter) if reasons else f"r{round_.id} by {member_id}"
                payload = (
                    picks(*chosen, said)
                    if isinstance(said, str)
                    else [{"competency": c, "reason": r} for c, r in zip(chosen, said, strict=True)]
                )
                ack = Actions.act(sock, "pick", {"round_id": round_.id, "picks": payload})
                assert ack == {"ok": True}, ack
        assert self.host_act("reveal", {"round_id": round_.id}) == {"ok": True}
        return round_.id

    def play_every_round(self, choose=None, reasons=None) -> None:
        """Start the rounds and play them all (``play_round``)."""
        assert self.host_act("start_rounds") == {"ok": True}
        while True:
            round_id = self.play_round(choose, reasons)
            if not pending_rounds(self.load()):
                break
            assert self.host_act("next_round", {"round_id": round_id}) == {"ok": True}

    def run_to_development(self) -> None:
        """Start the rounds, play every round, open the development step."""
        self.play_every_round()
        assert self.host_act("start_development") == {"ok": True}

    def confirm_best_duos(self) -> None:
        """From the end of the rounds: the development step, the best duos, confirmed."""
        assert self.host_act("start_development") == {"ok": True}
        assert self.host_act("start_pairing") == {"ok": True}
        assert self.host_act("confirm_duos", {"version": self.load().version}) == {"ok": True}

    def set_goals(self, goals: dict[str, tuple[str, str]]) -> None:
        """``goals`` by member name: (competency, reason)."""
        for name, (competency, reason) in goals.items():
            ack = Actions.act(
                self.phone(name), "goal", {"competency": competency, "reason": reason}
            )
            assert ack == {"ok": True}, ack


def received(sock: SocketIOTestClient) -> list[dict]:
    """What a client got since the last look: a list of ``{"name", "args"}``."""
    return [{"name": m["name"], "args": m["args"]} for m in sock.get_received()]


def states(sock: SocketIOTestClient) -> list[dict]:
    """The snapshots a client got since the last look; fails on any other event.

    Phones also get ``progress`` messages (the new answered count, the same for every phone):
    those are left out here; ``received`` shows everything, ``shown`` what a page shows.
    """
    got = [m for m in received(sock) if m["name"] != "progress"]
    assert [m["name"] for m in got] == ["state"] * len(got), got
    return [m["args"][0] for m in got]


def last_state(sock: SocketIOTestClient) -> dict:
    got = states(sock)
    assert got, "no snapshot received"
    return got[-1]


# What a page shows is worked out by the page's own code: static/js/progress.js, run by Node.
PROGRESS_JS = Path(__file__).resolve().parent.parent / "static" / "js" / "progress.js"
_SHOWN_JS = """
import { readFileSync } from "node:fs";
import { afterMessage } from "%s";
const { view, messages } = JSON.parse(readFileSync(0, "utf8"));
const shown = messages.reduce((v, [event, data]) => afterMessage(v, event, data) ?? v, view);
process.stdout.write(JSON.stringify(shown));
"""


def page_shows(before: dict | None, messages: list[tuple[str, dict]]) -> dict | None:
    """The view a page shows after these messages (``(event, data)`` in order), starting from
    ``before``: worked out by ``afterMessage`` of static/js/progress.js, the function the
    pages use, run by Node."""
    node = subprocess.run(
        ["node", "--input-type=module", "-e", _SHOWN_JS % PROGRESS_JS.as_uri()],
        input=json.dumps({"view": before, "messages": messages}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert node.returncode == 0, node.stderr
    view = json.loads(node.stdout)
    for key in BOOKKEEPING:
        if view is not None:
            view.pop(key, None)
    return view


# What progress.js keeps on a view for itself (which snapshot and counts it is made of);
# a page does not show it.
BOOKKEEPING = ("whole_version", "counted")


def shown(sock: SocketIOTestClient, before: dict | None = None) -> dict | None:
    """The view a page shows after what it got since the last look (snapshots and progress
    messages), starting from ``before`` (see ``page_shows``)."""
    messages = [(m["name"], m["args"][0]) for m in received(sock)]
    assert {event for event, _ in messages} <= {"state", "progress"}, messages
    return page_shows(before, messages)


# --- plain model objects for the rules ----------------------------------------


def rules_session(
    names: Iterable[str] = ("Ann", "Bob", "Cas"), phase: str = "lobby", show_names: bool = True
) -> TeamSession:
    """A session that is never stored: members with ids 1.., one pending round each."""
    s = TeamSession(
        team_name="Team",
        phase=phase,
        show_names=show_names,
        joining_open=True,
        current_round_id=None,
        version=1,
    )
    for n, name in enumerate(names, start=1):
        add_rules_member(s, name, member_id=n)
    return s


def add_rules_member(s: TeamSession, name: str, member_id: int | None = None) -> Member:
    member_id = member_id or max((m.id for m in s.members), default=0) + 1
    member = Member(id=member_id, name=name, development_goal=None, group_no=None)
    s.members.append(member)
    position = max((r.position for r in s.rounds), default=0) + 1
    s.rounds.append(
        Round(id=100 + member_id, central_member_id=member_id, position=position, state="pending")
    )
    return member


def rules_pick(
    round_: Round, voter_id: int, competency: str, reason: str = "Why", slot: int = 0
) -> Pick:
    pick = Pick(voter_id=voter_id, slot=slot, competency=competency, reason=reason)
    round_.picks.append(pick)
    return pick


# --- two processes on one database: a ``Store`` object stands for each -----------------


def statements(store: Store) -> list[str]:
    """The first word of every statement ``store`` sends from now on."""
    sent: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: sent.append(a[2].split()[0]))
    return sent


def open_round(store: Store) -> int:
    """A session of four whose first round is open; its id."""
    with store.transaction() as db:
        s = TeamSession(team_name="Team", join_code="ACDEFG")
        db.add(s)
        db.flush()
        for name in ("Ann", "Bob", "Cas", "Dee"):
            members.add_member(db, s, name)
        s.phase = "rounds"
        s.current_round_id = s.rounds[0].id
        s.rounds[0].state = "open"
        Store.touch(db, s)
        return s.id


def stored_pick(
    store: Store, session_id: int, name: str, reason: str, *, at_once: bool = False
) -> list[tuple[int, str]]:
    """As the event loop runs a pick (``events._run``): read, rule, touch, remember; the
    picks of the round as that process then holds them. ``at_once``: as on PostgreSQL, in
    one statement after the read (``Store.at_once``; ``OutOfDate`` when it cannot be)."""
    with store.at_once() if at_once else store.plain() as db:
        s = store.read(db, id=session_id, for_update=not at_once)
        assert s is not None
        voter = next(m for m in s.members if m.name == name)
        r = s.current_round
        data = {
            "round_id": r.id,
            "picks": [
                {"competency": "lef", "reason": reason},
                {"competency": "netwerken", "reason": reason},
            ],
        }
        answers.pick(Change(s, data, voter, db))
        Store.touch(db, s, picks_only=True)
        if r.id not in s.picks:  # (what ``Facts`` does for the views)
            s.picks[r.id] = Store.picks_of(db, r.id)
        held = [(p.voter_id, p.reason) for p in s.picks[r.id]]
    store.remember(s)
    return held
