"""HTTP pages and downloads. Live changes go through ``events``; these pages only start them.

The live pages (host, screen, member) carry their first view in ``page-data``: the snapshot
their socket gets on connect (``snapshots.first_view``), so they draw it before the socket is
up. Each carries only what its audience may see: a phone, its own member's view."""

from __future__ import annotations

import logging
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import force_locale, format_date, get_locale, gettext
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from session_app import (
    access,
    cards,
    client_text,
    exercise,
    exports,
    facilitators,
    followup_export,
    followup_views,
    guide,
    hyphens,
    members,
    metrics,
    picture,
    picture_export,
    roles_export,
    selfview,
    snapshots,
)
from session_app.access import HOST_COOKIE, MEMBER_COOKIE
from session_app.broadcast import NO_PHONE, announcement, drop_connections, send
from session_app.config import reaches_phones
from session_app.content import COMPETENCIES, CORE_TASKS, N_, TASKS
from session_app.content.easy import EASY_DESCRIPTIONS
from session_app.content.guide import EXAMPLE_NAMES, OPENING_LINES, OPENING_SENTENCES
from session_app.content.starters import starters
from session_app.content.statements import SCALE, STATEMENTS
from session_app.i18n import LOCALE_COOKIE, LOCALES
from session_app.limits import JoinGuard, Limits
from session_app.store import Store, TeamSession, new_token

bp = Blueprint("views", __name__)
log = logging.getLogger(__name__)


JOIN_BROWSER_COOKIE = "join_browser"


def limits() -> Limits:
    return current_app.extensions["limits"]


def client_address() -> str:
    """The visitor's address (behind TRUSTED_PROXIES proxies: the one they forwarded)."""
    return request.remote_addr or "?"


def _join_browser() -> str | None:
    """This browser's id for the wrong-code limit, or None (a new one is not allowed now)."""
    guard = limits().join_guard
    browser = request.cookies.get(JOIN_BROWSER_COOKIE)
    if guard.known_browser(browser):
        return browser
    if not guard.register(client_address()):
        return None
    browser = secrets.token_urlsafe(16)
    guard.remember(browser)
    g.new_join_browser = browser
    return browser


def same_origin() -> bool:
    """Whether a form post comes from this site's own pages (not from a foreign page).

    Browsers say where a request comes from (Sec-Fetch-Site, else Origin) on every POST;
    a request without either is not a browser's, so it cannot carry a visitor's cookies
    across sites. No token is needed, so a form left open for hours still works.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    ours = {request.host}
    if current_app.config.get("PUBLIC_URL"):
        ours.add(urlsplit(current_app.config["PUBLIC_URL"]).netloc)
    return urlsplit(origin).netloc in ours


@bp.before_request
def _refuse_foreign_forms():
    if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin():
        abort(403)


@bp.after_request
def _remember_join_browser(response):
    browser = g.get("new_join_browser")
    if browser:
        response.set_cookie(
            JOIN_BROWSER_COOKIE,
            browser,
            max_age=24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    gone = g.get("forget_session")
    if gone:  # a deleted or expired session: its cookies go too
        for name in (HOST_COOKIE, MEMBER_COOKIE):
            response.delete_cookie(name.format(gone), path=cookie_path(gone))
    return response


def store() -> Store:
    return current_app.extensions["store"]


def _cookie_age() -> int:
    return current_app.config["RETENTION_DAYS"] * 24 * 3600


def cookie_path(public_id: str) -> str:
    return f"/s/{public_id}/"


def _set_cookie(
    response, name: str, value: str, public_id: str, max_age: int | None = None
) -> None:
    """A session's cookie: sent only to that session's pages (and its live connection, which
    goes through ``/s/<id>/socket.io/``), so a browser that saw many sessions never sends
    them all at once."""
    response.set_cookie(
        name,
        value,
        max_age=max_age or _cookie_age(),
        path=cookie_path(public_id),
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )


def _competencies() -> list[dict]:
    locale = str(get_locale())
    return [
        {
            "key": c.key,
            "number": c.number,
            "name": gettext(c.name),
            # For the visible name only (never compared or read as a label): where it breaks.
            "hyphenated": hyphens.hyphenate(gettext(c.name), locale),
            "description": gettext(c.description),
            "starters": [gettext(text) for text in starters(c.key)],
            "easy": gettext(EASY_DESCRIPTIONS[c.key]),
            "icon": url_for("static", filename=f"icons/{c.key}.svg"),
        }
        for c in COMPETENCIES
    ]


def _tasks() -> dict:
    """The advocacy cycle's core tasks and tasks, translated, for the team picture."""
    return {
        "core_tasks": [
            {
                "key": c.key,
                "number": c.number,
                "name": gettext(c.name),
                "description": gettext(c.description),
            }
            for c in CORE_TASKS
        ],
        "tasks": [
            {
                "key": t.key,
                "core": t.core,
                "title": gettext(t.title),
                "description": gettext(t.description),
            }
            for t in TASKS
        ],
    }


def _opening() -> dict:
    """The opening slide's texts: three sentences, and one short line per quality."""
    return {
        "sentences": [gettext(text) for text in OPENING_SENTENCES],
        "lines": {key: gettext(text) for key, text in OPENING_LINES.items()},
    }


def _statements() -> dict[str, list[str]]:
    """The self-check's four statements per competency, in the request's language."""
    return {key: [gettext(text) for text in texts] for key, texts in STATEMENTS.items()}


def _scale() -> list[dict]:
    return [{"key": a.key, "label": gettext(a.label), "fits": a.fits} for a in SCALE]


def _host_rules() -> dict:
    """The rules' numbers and choices that the host page needs too: defined once, here."""
    return {
        "picks_per_round": exercise.PICKS_PER_ROUND,
        "min_members": exercise.MIN_MEMBERS_FOR_ROUNDS,
        "name_max": exercise.NAME_MAX,
        "max_reason": exercise.REASON_MAX,
        "timer_choices": list(guide.TIMER_CHOICES),
        "coach_capacities": list(exercise.COACH_CAPACITIES),
        "closing_slides": list(picture.CLOSING_SLIDES),
        # In which steps the host page offers what (the rules refuse it in the others).
        "joining_phases": list(members.JOINING_PHASES),
        "changing_phases": list(members.CHANGING_PHASES),
        "order_phases": list(exercise.ORDER_PHASES),
        "timer_phases": list(guide.TIMER_PHASES),
    }


def _member_rules() -> dict:
    """The same for a phone: how many picks, how long a reason, how many for the self-view."""
    return {
        "picks_per_round": exercise.PICKS_PER_ROUND,
        "max_reason": exercise.REASON_MAX,
        "self_choices": selfview.SELF_CHOICES,
    }


def join_url(code: str) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for("views.join_with_code", code=code)


def join_address() -> str:
    """The address members type by hand (the code goes in the form)."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for("views.join")


def _session_or_404(db, public_id: str, *, all_picks: bool = True) -> TeamSession:
    s = Store.load(db, public_id=public_id, all_picks=all_picks)
    if s is None:
        g.forget_session = public_id
        abort(404)
    g.session_locale = s.locale
    return s


# --- start -------------------------------------------------------------------


@bp.get("/health")
def health():
    """For nginx, systemd and monitoring: this process is alive and answers."""
    return _plain("ok")


@bp.get("/ready")
def ready():
    """Whether this process can serve: it reaches its database and, when several processes
    share them, the limits in Redis. 503 while it cannot (nginx or a monitor then knows),
    and while it is stopping (``stopping``: its pages are moving to another process)."""
    if current_app.extensions["stopping"].draining:
        return _plain("stopping", 503)
    try:
        with store().transaction(readonly=True) as db:
            db.execute(select(1))
        limits().throttle.counters.count("ready")
    except Exception as error:  # one line, no traceback: a monitor asks every few seconds
        log.warning("not ready: the database or Redis is not reachable (%s)", type(error).__name__)
        return _plain("not ready", 503)
    return _plain("ok")


def _plain(text: str, status: int = 200):
    response = make_response(text + "\n", status)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    return response


@bp.get("/")
def start():
    refused = without_facilitator_code(200)
    if refused is not None:
        return refused
    return render_template("start.html", errors={}, form={})


# --- facilitator codes (FACILITATOR_CODES: only facilitators with a code open sessions) ---

CODE_NOT_KNOWN = N_("This code is not known. Check it, or ask your organisation for a code.")
CODE_REVOKED = N_("This code no longer works. Ask your organisation for a new code.")


def _facilitator_guard() -> JoinGuard:
    """Wrong facilitator codes, limited as wrong join codes are (counted apart)."""
    per_address = current_app.config.get("WRONG_CODES_PER_ADDRESS", 30)
    return JoinGuard(limits().counters, per_address=per_address, kind="f")


def _code_form(error: str | None, status: int):
    """The start page asking for a facilitator code (and saying why) instead of the forms."""
    errors = {"facilitator_code": gettext(error)} if error else {}
    return render_template("start.html", errors=errors, form={}, need_code=True), status


def without_facilitator_code(status: int = 403):
    """None when anyone may open a session, or this browser's code still works; otherwise
    the start page that asks for a code (saying so when the browser's code was revoked)."""
    if not current_app.config.get("FACILITATOR_CODES"):
        return None
    with store().transaction(readonly=True) as db:
        state = facilitators.from_cookie(
            db, current_app.secret_key, request.cookies.get(facilitators.COOKIE)
        )
    if state == facilitators.OK:
        return None
    return _code_form(CODE_REVOKED if state == facilitators.REVOKED else None, status)


@bp.post("/facilitator-code")
def facilitator_code():
    """A facilitator types the code from their organisation, once per browser."""
    if not current_app.config.get("FACILITATOR_CODES"):
        return redirect(url_for("views.start"), code=303)
    guard, address, browser = _facilitator_guard(), client_address(), _join_browser()
    if guard.blocked(address, browser):
        metrics.refused("facilitator_code")
        return _code_form(N_("Too many wrong codes. Wait a few minutes and try again."), 429)
    with store().transaction(readonly=True) as db:
        state, found = facilitators.check(db, request.form.get("code"))
        value = found and facilitators.cookie_value(current_app.secret_key, found)
    if not value:
        guard.miss(address, browser)
        metrics.refused("facilitator_code")
        return _code_form(CODE_REVOKED if state == facilitators.REVOKED else CODE_NOT_KNOWN, 400)
    response = redirect(url_for("views.start"), code=303)
    response.set_cookie(
        facilitators.COOKIE,
        value,
        max_age=facilitators.COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.get("/self-check")
def self_check():
    """The self-check on its own, without a session: it runs in the browser and sends nothing."""
    g.browser_first = True
    return render_template(
        "selfcheck.html",
        page={
            "strings": client_text.strings(client_text.SELFCHECK, client_text.SELFCHECK_HISTORY),
            "competencies": _competencies(),
            "statements": _statements(),
            "scale": _scale(),
        },
    )


@bp.post("/sessions")
def create_session():
    refused = without_facilitator_code()
    if refused is not None:
        return refused
    form = request.form
    errors = {}
    try:
        team_name = exercise.clean_team_name(form.get("team_name"))
    except exercise.RuleError as error:
        errors["team_name"] = gettext(error.message, **error.params)
    locale = form.get("locale") if form.get("locale") in LOCALES else "nl"
    if errors:
        return render_template("start.html", errors=errors, form=form), 400
    if not limits().gate.allow_session(client_address()):
        errors["team_name"] = gettext(
            "Too many new sessions were started just now. Try again in an hour."
        )
        return render_template("start.html", errors=errors, form=form), 429
    with store().transaction() as db:
        s = TeamSession(
            team_name=team_name,
            locale=locale,
            show_names=form.get("show_names") != "no",
            join_code=Store.unused_join_code(db),
        )
        db.add(s)
        db.flush()
        public_id, host_key = s.public_id, s.host_key
    response = redirect(url_for("views.host", public_id=public_id))
    _set_cookie(response, HOST_COOKIE.format(public_id), host_key, public_id)
    return response


@bp.post("/practice")
def create_practice():
    """A practice session: example members join at once and answer by themselves, so a
    facilitator can rehearse every step alone. Marked in the database and on every page."""
    refused = without_facilitator_code()  # a practice session is a session too
    if refused is not None:
        return refused
    locale = request.form.get("locale")
    locale = locale if locale in LOCALES else str(get_locale())
    if not limits().gate.allow_session(client_address()):  # as many as real sessions
        errors = {
            "practice": gettext(
                "Too many new sessions were started just now. Try again in an hour."
            )
        }
        return render_template("start.html", errors=errors, form={}), 429
    with store().transaction() as db:
        with force_locale(locale):
            team_name = gettext("Practice team")
        s = TeamSession(
            team_name=team_name,
            locale=locale,
            practice=True,
            join_code=Store.unused_join_code(db),
        )
        db.add(s)
        db.flush()
        for name in EXAMPLE_NAMES:
            members.add_member(db, s, name).example = True
        public_id, host_key = s.public_id, s.host_key
    response = redirect(url_for("views.host", public_id=public_id))
    _set_cookie(response, HOST_COOKIE.format(public_id), host_key, public_id)
    return response


@bp.get("/host/<key>")
def host_link(key: str):
    """The facilitator's link (for a second device): trade the key for a cookie."""
    with store().transaction(readonly=True) as db:
        s = Store.load(db, host_key=key, all_picks=False)
        if s is None:
            abort(404)
        public_id = s.public_id
    response = redirect(url_for("views.host", public_id=public_id))
    _set_cookie(response, HOST_COOKIE.format(public_id), key, public_id)
    return response


@bp.get("/s/<public_id>/host")
def host(public_id: str):
    with store().transaction(readonly=True) as db:
        s = _session_or_404(db, public_id, all_picks=False)
        if request.cookies.get(HOST_COOKIE.format(public_id)) != s.host_key:
            abort(403)
        return render_template(
            "host.html",
            s=s,
            join_address=join_address(),
            qr_svg=_qr(join_url(s.join_code)),
            # Said plainly next to the QR code, on this page only (never on the projector).
            join_unreachable=not reaches_phones(join_url(s.join_code)),
            host_link=url_for("views.host_link", key=s.host_key, _external=True),
            screen_link=url_for("views.screen", key=s.screen_key, _external=True),
            replaced=request.args.get("replaced") in ("host", "screen"),
            page={
                "role": "host",
                "session": s.public_id,
                "state": snapshots.first_view(s, access.HOST, None, db),
                "strings": client_text.strings(
                    client_text.HOST,
                    client_text.SELF_SHARED,
                    client_text.PICTURE,
                    client_text.HOST_PICTURE,
                    client_text.FOLLOW_UP,
                    client_text.HOST_FOLLOW_UP,
                    client_text.FOLLOW_UP_SLIDES,
                    client_text.HOST_LOOK_BACK,
                ),
                "competencies": _competencies(),
                **_tasks(),
                **_host_rules(),
                "opening": _opening(),
                "downloads": {
                    "csv": url_for("views.duos_csv", public_id=s.public_id),
                    "xlsx": url_for("views.duos_xlsx", public_id=s.public_id),
                    "print": url_for("views.duos_print", public_id=s.public_id),
                    "report": url_for("views.report", public_id=s.public_id),
                    "picture": url_for("views.picture_print", public_id=s.public_id),
                    "sought": url_for("views.sought_print", public_id=s.public_id),
                    "sought_xlsx": url_for("views.sought_xlsx", public_id=s.public_id),
                },
                "follow_up": followup_views.host_links(s),
            },
        )


@bp.post("/s/<public_id>/links")
def replace_links(public_id: str):
    """The host replaces the facilitator link or the screen link (shared too widely, say).

    The old one stops working at once: pages that used it are disconnected. This page gets
    the new facilitator cookie."""
    which = request.form.get("which")
    if which not in ("host", "screen"):
        abort(400)
    with store().transaction() as db:
        s = _as_host(db, public_id)
        if which == "host":
            s.host_key = new_token()
        else:
            s.screen_key = new_token()
        Store.touch(db, s)
        session_id, host_key = s.id, s.host_key
    drop_connections(session_id, which)
    response = redirect(url_for("views.host", public_id=public_id, replaced=which))
    _set_cookie(response, HOST_COOKIE.format(public_id), host_key, public_id)
    return response


@bp.get("/s/<public_id>/left")
def left(public_id: str):
    """Where the host page goes after deleting its session: the session's cookies go too."""
    with store().transaction(readonly=True) as db:
        if Store.load(db, public_id=public_id, all_picks=False) is None:
            g.forget_session = public_id
    return redirect(url_for("views.start"))


@bp.get("/screen/<key>")
def screen(key: str):
    with store().transaction(readonly=True) as db:
        s = Store.load(db, screen_key=key, all_picks=False)
        if s is None:
            abort(404)
        g.session_locale = s.locale
        return render_template(
            "screen.html",
            s=s,
            join_address=join_address(),
            qr_svg=_qr(join_url(s.join_code)),
            page={
                "role": "screen",
                "session": s.public_id,
                "key": key,
                "state": snapshots.first_view(s, access.SCREEN, None, db),
                "strings": client_text.strings(
                    client_text.SCREEN,
                    client_text.SELF_SHARED,
                    client_text.PICTURE,
                    client_text.FOLLOW_UP_SLIDES,
                ),
                "competencies": _competencies(),
                **_tasks(),
                "opening": _opening(),
            },
        )


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True)


# --- joining -----------------------------------------------------------------


@bp.get("/join")
def join():
    code = request.args.get("code", "")
    return render_template("join.html", errors={}, form={"code": code})


def _session_by_code(db, code: str) -> TeamSession | None:
    """The session with this join code; a wrong code counts against the guesser.

    Raises 429 for a browser that typed too many wrong codes itself (or, where many wrong
    codes came from one address, a browser not seen before): never because of others.
    """
    guard, address, browser = limits().join_guard, client_address(), _join_browser()
    if guard.blocked(address, browser):
        abort(429)
    s = Store.load(db, join_code=code, all_picks=False) if code else None
    if s is None:
        guard.miss(address, browser)
    return s


@bp.get("/j/<code>")
def join_with_code(code: str):
    """Where the QR code points: on to the session's own join page (its cookies live there)."""
    g.browser_first = True  # a member's phone: the same language as on the pages after it
    with store().transaction(readonly=True) as db:
        s = _session_by_code(db, code.strip().upper())
        if s is None:
            abort(404)  # links are guessable too
        public_id = s.public_id
    return redirect(url_for("views.join_session", public_id=public_id))


@bp.get("/s/<public_id>/join")
def join_session(public_id: str):
    """The join form with the code filled in; a phone that is already in goes straight back."""
    g.browser_first = True
    with store().transaction(readonly=True) as db:
        s = _session_or_404(db, public_id, all_picks=False)
        member = Store.member_by_token(db, request.cookies.get(MEMBER_COOKIE.format(public_id)))
        if member is not None and member.session_id == s.id:
            return redirect(url_for("views.member", public_id=s.public_id))
        if s.phase == "closed":
            abort(410)  # the session is over: say so rather than offer a form
        errors = {}
        if not members.open_for_joining(s):
            # Say it before someone types their name, not after.
            errors["code"] = gettext("This session is closed for new members. Ask the facilitator.")
        code = s.join_code
    return render_template(
        "join.html",
        errors=errors,
        form={"code": code},
        action=url_for("views.join_session_submit", public_id=public_id),
    )


def _join_form_error(errors: dict, form, status: int = 400, action: str | None = None):
    return render_template("join.html", errors=errors, form=form, action=action), status


@bp.post("/join")
def join_submit():
    """A code typed by hand: checked here, then the form goes on to that session's page."""
    g.browser_first = True
    form = request.form
    code = (form.get("code") or "").strip().upper().replace(" ", "")
    try:
        with store().transaction(readonly=True) as db:
            s = _session_by_code(db, code)
            public_id = s.public_id if s is not None else None
    except HTTPException as error:
        if error.code != 429:
            raise
        return _join_form_error(
            {"code": gettext("Too many wrong codes. Wait a few minutes and try again.")}, form, 429
        )
    if public_id is None:
        errors = {"code": gettext("This code is not known. Check the code on the big screen.")}
        try:
            exercise.clean_name(form.get("name"))
        except exercise.RuleError as error:
            errors["name"] = gettext(error.message, **error.params)
        return _join_form_error(errors, form)
    # 307: the browser posts the same form again, now with this session's cookies.
    return redirect(url_for("views.join_session_submit", public_id=public_id), code=307)


@bp.post("/s/<public_id>/join")
def join_session_submit(public_id: str):
    g.browser_first = True
    form = request.form
    code = (form.get("code") or "").strip().upper().replace(" ", "")
    action = url_for("views.join_session_submit", public_id=public_id)
    errors = {}
    try:
        name = exercise.clean_name(form.get("name"))
    except exercise.RuleError as error:
        errors["name"] = gettext(error.message, **error.params)
    with store().transaction() as db:
        s = Store.load(db, public_id=public_id, for_update=True, all_picks=False)
        if s is None:
            g.forget_session = public_id
            abort(404)
        g.session_locale = s.locale
        token = request.cookies.get(MEMBER_COOKIE.format(s.public_id))
        known = Store.member_by_token(db, token)
        if known is not None and known.session_id == s.id:
            # This phone is already in: a repeated form (back button, double tap, or
            # after joining closed) adds nobody and takes it back to its own page.
            return redirect(url_for("views.member", public_id=s.public_id))
        if code != s.join_code:  # the session's address alone does not let anyone in
            limits().join_guard.miss(client_address(), request.cookies.get(JOIN_BROWSER_COOKIE))
            errors["code"] = gettext("This code is not known. Check the code on the big screen.")
        else:
            try:
                members.check_can_join(s, current_app.config["MAX_MEMBERS"])
            except exercise.RuleError as error:
                errors["code"] = gettext(error.message, **error.params)
        if errors:
            return _join_form_error(errors, form, action=action)
        if not limits().gate.allow_join(s.id):
            errors["code"] = gettext(
                "Many people are joining at the same moment. Wait a moment and tap Join again."
            )
            return _join_form_error(errors, form, 429, action=action)
        before = exercise.display_names(s.members)
        member = members.add_member(db, s, name)
        token = member.token
        # The other phones show no list of members: they only learn the new count. A phone
        # whose shown name changed (the first "Anna" is now "Anna (1)") gets its own view.
        outbox = announcement(db, s, members.renamed(s, before) or NO_PHONE)
    send(outbox)
    response = redirect(url_for("views.member", public_id=public_id))
    _set_cookie(response, MEMBER_COOKIE.format(public_id), token, public_id)
    return response


@bp.get("/s/<public_id>/me")
def member(public_id: str):
    g.browser_first = True
    with store().transaction(readonly=True) as db:
        s = _session_or_404(db, public_id, all_picks=False)
        member = Store.member_by_token(db, request.cookies.get(MEMBER_COOKIE.format(public_id)))
        if member is None or member.session_id != s.id:
            return redirect(url_for("views.join_session", public_id=s.public_id))
        return render_template(
            "member.html",
            s=s,
            page={
                "role": "member",
                "session": s.public_id,
                # Only this member's own view, as their socket gets it on connect.
                "state": snapshots.first_view(s, access.MEMBER, member, db),
                "strings": client_text.strings(
                    client_text.MEMBER,
                    client_text.SELF_VIEW,
                    client_text.PICTURE,
                    client_text.EASY,
                    client_text.CENTRAL,
                    client_text.FOLLOW_UP,
                )
                | client_text.easy_versions(),
                "competencies": _competencies(),
                "statements": _statements(),
                "scale": _scale(),
                **_member_rules(),
                **_tasks(),
                "result_url": url_for("views.my_result", public_id=s.public_id),
            },
        )


# A path on this site, optionally with a plain query (the pages link with request.full_path).
_SAFE_NEXT = re.compile(r"/(?:[A-Za-z0-9_-][A-Za-z0-9_./-]*)?(?:\?[A-Za-z0-9_.=&%+-]*)?")


@bp.get("/lang/<locale>")
def set_language(locale: str):
    """A member switches the language of their own phone."""
    target = request.args.get("next", "/")
    if not _SAFE_NEXT.fullmatch(target):
        target = "/"  # only a path on this site: browsers read "/\\x" or "/\t/x" as another host
    response = redirect(target)
    if locale in LOCALES:
        secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
        response.set_cookie(
            LOCALE_COOKIE,
            locale,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=secure,
        )
    return response


# --- downloads ---------------------------------------------------------------


def _as_host(db, public_id: str) -> TeamSession:
    s = _session_or_404(db, public_id)
    if request.cookies.get(HOST_COOKIE.format(public_id)) != s.host_key:
        abort(403)
    return s


def _as_member(db, public_id: str):
    s = _session_or_404(db, public_id)
    member = Store.member_by_token(db, request.cookies.get(MEMBER_COOKIE.format(public_id)))
    if member is None or member.session_id != s.id:
        g.denied = "member"  # the error page then speaks to a member, not the facilitator
        abort(403)
    return s, member


def _download(body: bytes | str, mimetype: str, name: str):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _xlsx(book: bytes, s: TeamSession, name: str):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(book, xlsx, exports.filename(s, name, "xlsx"))


@bp.get("/s/<public_id>/duos.csv")
def duos_csv(public_id: str):
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        return _download(
            exports.pairing_csv(s), "text/csv; charset=utf-8", exports.filename(s, "duos", "csv")
        )


@bp.get("/s/<public_id>/duos.xlsx")
def duos_xlsx(public_id: str):
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        return _xlsx(exports.pairing_xlsx(s), s, "duos")


@bp.get("/s/<public_id>/print")
def duos_print(public_id: str):
    """The pairing list on one A4 page: print it, or save it as PDF from the print dialog."""
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        # Without the explanations, so that a whole team fits one sheet; they are in the
        # report and the spreadsheet downloads.
        rows = [row[:2] + row[3:] for row in exports.pairing_rows(s)]
        return render_template(
            "print_duos.html", s=s, rows=rows, date=format_date(s.created_at, "long")
        )


@bp.get("/s/<public_id>/picture")
def picture_print(public_id: str):
    """The team map and the advocacy cycle with who is strong per task, to print."""
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        return render_template(
            "print_picture.html",
            s=s,
            data=picture_export.picture_data(s),
            roles=roles_export.who_does_what(s),
            date=format_date(s.created_at, "long"),
            breakable=picture_export.breakable,
        )


@bp.get("/s/<public_id>/sought")
def sought_print(public_id: str):
    """Who we are looking for: the qualities nobody in the team is strong in, on one A4, in
    words ready for a call for new volunteers."""
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        return render_template(
            "print_sought.html",
            s=s,
            sought=roles_export.sought(s),
            date=format_date(s.created_at, "long"),
        )


@bp.get("/s/<public_id>/sought.xlsx")
def sought_xlsx(public_id: str):
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        return _xlsx(roles_export.sought_xlsx(s), s, "sought")


@bp.get("/s/<public_id>/report")
def report(public_id: str):
    """The whole session per member: what the team chose and why, the goal, the duo."""
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        history, left = followup_export.report_history(s)
        return render_template(
            "report.html",
            s=s,
            results=exports.member_results(s),
            history=history,
            left_team=left,
            date=format_date(s.created_at, "long"),
        )


def _my_result(s: TeamSession, member) -> exports.MemberResult:
    index = [m.id for m in s.members].index(member.id)
    return exports.member_results(s)[index]


@bp.get("/s/<public_id>/me/result")
def my_result(public_id: str):
    """A member's own result, to keep: print it or download it as a text file."""
    g.browser_first = True
    with store().transaction(readonly=True) as db:
        s, member = _as_member(db, public_id)
        return render_template(
            "result.html",
            s=s,
            result=_my_result(s, member),
            date=format_date(s.created_at, "long"),
            then_and_now=followup_export.my_then_and_now(s, member),
            look_back=followup_export.my_look_back(s, member),
        )


@bp.get("/s/<public_id>/me/card")
def my_card(public_id: str):
    """'Mijn kwaliteitenkaart': the member's own A4 in easy words, to print and take home."""
    g.browser_first = True
    with store().transaction(readonly=True) as db:
        s, member = _as_member(db, public_id)
        return _cards_page(s, {member.id}, url_for("views.member", public_id=s.public_id))


@bp.get("/s/<public_id>/cards")
def all_cards(public_id: str):
    """Every member's quality card, one per page: for members without a phone."""
    with store().transaction(readonly=True) as db:
        s = _as_host(db, public_id)
        return _cards_page(s, None, url_for("views.host", public_id=s.public_id))


def _cards_page(s: TeamSession, member_ids: set[int] | None, back_url: str):
    return render_template(
        "cards.html",
        s=s,
        cards=cards.cards(s, member_ids),
        t=cards.texts(),
        back_url=back_url,
        date=format_date(s.created_at, "long"),
    )


@bp.get("/s/<public_id>/me/result.txt")
def my_result_text(public_id: str):
    g.browser_first = True
    with store().transaction(readonly=True) as db:
        s, member = _as_member(db, public_id)
        return _download(
            exports.member_result_text(s, _my_result(s, member)),
            "text/plain; charset=utf-8",
            exports.filename(s, "result", "txt"),
        )


# --- front-end packages (installed from npm, served from here, never from a CDN) --------


@bp.get("/vendor/socket.io.esm.min.js")
def socketio_client():
    folder = Path(current_app.config["NODE_MODULES"]) / "socket.io-client" / "dist"
    return send_from_directory(folder, "socket.io.esm.min.js", mimetype="text/javascript")


# --- errors ------------------------------------------------------------------


@bp.app_errorhandler(404)
def not_found(_error):
    return render_template("error.html", status=404), 404


@bp.app_errorhandler(403)
def forbidden(_error):
    return render_template("error.html", status=403), 403


@bp.app_errorhandler(410)
def gone(_error):
    return render_template("error.html", status=410), 410


@bp.app_errorhandler(429)
def too_many(_error):
    return render_template("error.html", status=429), 429


@bp.app_template_filter("hyphenated")
def hyphenated(text: str) -> str:
    """A quality's name as a page shows it: soft hyphens where it may break."""
    return hyphens.hyphenate(text, str(get_locale()))


@bp.app_context_processor
def template_globals():
    return {"locale": str(get_locale()), "locales": LOCALES}
