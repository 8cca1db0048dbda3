"""The baseline for bench_many_teams.py: bare Flask-SocketIO on eventlet, no database, no rules.

Run: .venv/bin/python bench/bare_server.py --port 5001

It does what the app does on the wire for the benchmark's script: the same rooms (screen,
host, one per phone, one for all phones of a team), the same events (``start_rounds``,
``pick``, ``reveal``, ``next_round``) with the same acknowledgements, and messages of the same
shape and size (a whole view for the screen and the host, the picker's own view, one small
``progress`` for all phones; a whole view for everyone on a reveal or a new round). Teams are
made with ``POST /team?members=N`` (JSON back: the team id and member ids); the clients then
connect with ``auth = {"role": ..., "session": team_id, "member": member_id}``.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():  # its bugfix-only notice is not what this measures
    warnings.simplefilter("ignore")
    import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import itertools  # noqa: E402
import resource  # noqa: E402
from collections import defaultdict  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room  # noqa: E402

app = Flask(__name__)
sio = SocketIO(
    app, async_mode="eventlet", max_http_buffer_size=64 * 1024, ping_interval=10, ping_timeout=20
)
_ids = itertools.count(1)


class Team:
    def __init__(self, size: int):
        self.id = next(_ids)
        self.members = [(next(_ids), f"Lid {n}") for n in range(size)]
        self.rounds = [
            {"id": next(_ids), "central": m, "state": "pending", "picks": {}}
            for m, _ in self.members
        ]
        self.current: dict | None = None
        self.phase = "lobby"
        self.version = 1

    def names(self) -> dict[int, str]:
        return dict(self.members)

    def tally(self, r: dict) -> list[dict]:
        grouped: dict[str, list] = defaultdict(list)
        for voter, picks in r["picks"].items():
            for competency, reason in picks:
                grouped[competency].append({"text": reason, "author": self.names()[voter]})
        rows = [{"competency": k, "count": len(v), "reasons": v} for k, v in grouped.items()]
        return sorted(rows, key=lambda row: -row["count"])

    def round_progress(self) -> dict | None:
        r = self.current
        if r is None:
            return None
        return {
            "id": r["id"],
            "state": r["state"],
            "number": sum(1 for x in self.rounds if x["state"] == "revealed" or x is r),
            "total": len(self.rounds),
            "answered_count": len(r["picks"]),
            "voter_count": len(self.members) - 1,
        }

    def round(self, *, voters: bool) -> dict | None:
        r = self.current
        if r is None:
            return None
        view = self.round_progress()
        view["central"] = {"id": r["central"], "name": self.names()[r["central"]]}
        if voters:
            view["voters"] = [
                {"id": m, "name": name, "answered": m in r["picks"]}
                for m, name in self.members
                if m != r["central"]
            ]
        if r["state"] == "revealed":
            view["tally"] = self.tally(r)
        return view

    def screen(self) -> dict:
        return {
            "version": self.version,
            "phase": self.phase,
            "team_name": "Bench",
            "joining_open": True,
            "show_names": True,
            "members": [{"id": m, "name": name} for m, name in self.members],
            "join_code": "ACDEFG",
            "round": self.round(voters=True),
            "rounds_left": sum(1 for r in self.rounds if r["state"] == "pending"),
        }

    def host(self) -> dict:
        view = self.screen()
        view["order"] = [
            {
                "round_id": r["id"],
                "member_id": r["central"],
                "name": self.names()[r["central"]],
                "state": r["state"],
            }
            for r in self.rounds
        ]
        return view

    def member(self, member_id: int) -> dict:
        r = self.round(voters=False)
        if r is not None:
            r["is_me"] = self.current["central"] == member_id
            if self.current["state"] == "open":
                r["my_picks"] = [
                    {"competency": c, "reason": why}
                    for c, why in self.current["picks"].get(member_id, [])
                ]
        return {
            "version": self.version,
            "phase": self.phase,
            "team_name": "Bench",
            "show_names": True,
            "me": {"id": member_id, "name": self.names()[member_id]},
            "round": r,
            "my_results": [
                {"round_id": x["id"], "tally": self.tally(x)}
                for x in self.rounds
                if x["central"] == member_id and x["state"] == "revealed"
            ],
            "goal": None,
        }

    def progress(self) -> dict:
        return {"version": self.version, "phase": self.phase, "round": self.round_progress()}

    def open_next(self) -> None:
        upcoming = [r for r in self.rounds if r["state"] == "pending"]
        self.current = upcoming[0] if upcoming else None
        if self.current:
            self.current["state"] = "open"


teams: dict[int, Team] = {}
callers: dict[str, tuple[str, int, int | None]] = {}


@app.post("/team")
def new_team():
    team = Team(int(request.args.get("members", "15")))
    teams[team.id] = team
    return jsonify({"team": team.id, "members": [m for m, _ in team.members]})


@sio.on("connect")
def on_connect(auth=None):
    if not isinstance(auth, dict) or auth.get("session") not in teams:
        raise ConnectionRefusedError("unauthorized")
    team, role = teams[auth["session"]], auth.get("role")
    member = auth.get("member")
    callers[request.sid] = (role, team.id, member)
    if role == "member":
        join_room(f"member:{member}")
        join_room(f"members:{team.id}")
        emit("state", team.member(member))
    else:
        join_room(f"{role}:{team.id}")
        emit("state", team.screen() if role == "screen" else team.host())


@sio.on("disconnect")
def on_disconnect(*_args):
    callers.pop(request.sid, None)


def everyone(team: Team) -> None:
    sio.emit("state", team.screen(), to=f"screen:{team.id}")
    sio.emit("state", team.host(), to=f"host:{team.id}")
    for member, _ in team.members:
        sio.emit("state", team.member(member), to=f"member:{member}")


@sio.on("pick")
def on_pick(data):
    _role, team_id, member = callers[request.sid]
    team = teams[team_id]
    r = team.current
    if r is None or r["state"] != "open" or data.get("round_id") != r["id"]:
        return {"ok": False, "error": "The session has moved on."}
    r["picks"][member] = [(p["competency"], p["reason"]) for p in data["picks"]]
    team.version += 1
    sio.emit("state", team.screen(), to=f"screen:{team.id}")
    sio.emit("state", team.host(), to=f"host:{team.id}")
    sio.emit("state", team.member(member), to=f"member:{member}")
    sio.emit("progress", team.progress(), to=f"members:{team.id}")
    return {"ok": True}


def _host_action(change):
    def handler(data=None):
        team = teams[callers[request.sid][1]]
        change(team, data or {})
        team.version += 1
        everyone(team)
        return {"ok": True}

    return handler


def _start(team: Team, _data) -> None:
    team.phase = "rounds"
    team.open_next()


def _reveal(team: Team, _data) -> None:
    team.current["state"] = "revealed"


sio.on("start_rounds")(_host_action(_start))
sio.on("reveal")(_host_action(_reveal))
sio.on("next_round")(_host_action(lambda team, _data: team.open_next()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--max-connections", type=int, default=1024)
    args = parser.parse_args()
    # One open file per connection: as the app does at start, up to the hard limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if 0 <= soft < args.max_connections + 256:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"bare server on {args.host}:{args.port}", flush=True)
    sio.run(app, host=args.host, port=args.port, log_output=False, max_size=args.max_connections)


if __name__ == "__main__":
    main()
