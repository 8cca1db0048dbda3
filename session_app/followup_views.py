"""HTTP for a follow-up (``followup``): the team file and the calendar file to download, and
starting a follow-up from a kept session or from a team file brought to the start page."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from session_app import exercise, followup, views
from session_app.access import HOST_COOKIE
from session_app.exercise import RuleError
from session_app.i18n import LOCALES
from session_app.store import Store, TeamSession, utcnow

bp = Blueprint("followup", __name__)


@bp.before_request
def _refuse_foreign_forms():
    if request.method not in ("GET", "HEAD", "OPTIONS") and not views.same_origin():
        abort(403)


def host_links(s: TeamSession) -> dict:
    """What the host page needs for a follow-up: where to download and post, the longest wait."""
    return {
        "team_file": url_for("followup.team_file", public_id=s.public_id),
        "ics": url_for("followup.follow_up_ics", public_id=s.public_id),
        "start": url_for("followup.start_from_session", public_id=s.public_id),
        "max_days": _max_days(),
    }


def _max_days() -> int:
    return current_app.config.get("FOLLOW_UP_MAX_DAYS", followup.FOLLOW_UP_MAX_DAYS)


@bp.after_app_request
def _keep_host_cookie(response):
    """A kept session's facilitator cookie lasts until the session's last day (the retention
    period alone would lose the way back to the team before the follow-up): set again each
    time the facilitator page opens."""
    if request.endpoint != "views.host" or response.status_code != 200:
        return response
    public_id = (request.view_args or {}).get("public_id", "")
    with views.store().transaction(readonly=True) as db:
        found = db.execute(
            select(TeamSession.keep_until, TeamSession.host_key).where(
                TeamSession.public_id == public_id
            )
        ).first()
    if found is None or found.keep_until is None:
        return response
    age = ((found.keep_until - utcnow().date()).days + 1) * 24 * 3600
    if age > views._cookie_age():
        views._set_cookie(response, HOST_COOKIE.format(public_id), found.host_key, public_id, age)
    return response


def _over_as_host(db, public_id: str) -> TeamSession:
    s = views._as_host(db, public_id)
    if s.phase not in followup.KEEP_PHASES:
        abort(404)  # the page offers it only once the duos are confirmed
    return s


def _team_file_of(s: TeamSession) -> dict:
    return followup.team_file(s, exercise.votes_received(s))


@bp.get("/s/<public_id>/team-file")
def team_file(public_id: str):
    """The team file (JSON): enough for a follow-up, on this server or another one."""
    with views.store().transaction(readonly=True) as db:
        s = _over_as_host(db, public_id)
        body = json.dumps(_team_file_of(s), ensure_ascii=False, indent=1)
        return views._download(
            body, "application/json; charset=utf-8", views.exports.filename(s, "team", "json")
        )


@bp.get("/s/<public_id>/follow-up.ics")
def follow_up_ics(public_id: str):
    """The day of the follow-up as a calendar file: the team's name and the day, no more."""
    with views.store().transaction(readonly=True) as db:
        s = views._as_host(db, public_id)
        if s.follow_up_on is None:
            abort(404)
        summary = gettext("Follow-up of %(team)s", team=s.team_name)
        body = followup.follow_up_ics(
            summary, s.follow_up_on, s.public_id, f"{utcnow():%Y%m%dT%H%M%SZ}"
        )
        name = views.exports.filename(s, "follow-up", "ics")
        return views._download(body, "text/calendar; charset=utf-8", name)


def _new_follow_up(db, team: dict, locale: str, show_names: bool, follows_id: int | None):
    s = TeamSession(
        team_name=team["team"],
        locale=locale,
        show_names=show_names,
        join_code=Store.unused_join_code(db),
    )
    db.add(s)
    db.flush()
    followup.start_follow_up(db, s, team, follows_id)
    return s.public_id, s.host_key


def _to_new_host(public_id: str, host_key: str):
    response = redirect(url_for("views.host", public_id=public_id))
    views._set_cookie(response, HOST_COOKIE.format(public_id), host_key, public_id)
    return response


@bp.post("/s/<public_id>/follow-up")
def start_from_session(public_id: str):
    """ "Start a follow-up with this team": a new session, linked to this kept one."""
    refused = views.without_facilitator_code()
    if refused is not None:
        return refused
    if not views.limits().gate.allow_session(views.client_address()):
        abort(429)
    with views.store().transaction() as db:
        s = _over_as_host(db, public_id)
        team = _team_file_of(s)
        new_id, key = _new_follow_up(db, team, s.locale, s.show_names, s.id)
    return _to_new_host(new_id, key)


def _start_error(message: str, status: int = 400):
    errors = {"team_file": message}
    return render_template("start.html", errors=errors, form={}), status


@bp.post("/follow-ups")
def start_from_file():
    """A follow-up from a team file brought to the start page: checked through and through;
    anything wrong is said in one sentence, and nothing is made."""
    refused = views.without_facilitator_code()  # a follow-up is a new session too
    if refused is not None:
        return refused
    try:
        upload = request.files.get("team_file")
        raw = upload.stream.read(followup.TEAM_FILE_MAX_BYTES + 1) if upload else b""
    except RequestEntityTooLarge:
        raw = b"x" * (followup.TEAM_FILE_MAX_BYTES + 1)
    if not raw:
        return _start_error(gettext("Choose the team file first."))
    try:
        team = followup.read_team_file(raw, current_app.config["MAX_MEMBERS"])
    except RuleError as error:
        return _start_error(gettext(error.message, **error.params))
    if not views.limits().gate.allow_session(views.client_address()):
        return _start_error(
            gettext("Too many new sessions were started just now. Try again in an hour."), 429
        )
    locale = request.form.get("locale")
    locale = locale if locale in LOCALES else str(get_locale())
    with views.store().transaction() as db:
        new_id, key = _new_follow_up(db, team, locale, True, None)
    return _to_new_host(new_id, key)
