"""The closing slides in a real browser: the team map and the cycle for a team of 15 fit the
projector at 1280×720 and 1920×1080 without anything cut off, the host turns the slides,
a phone choosing a goal sees which tasks it would help with; axe finds nothing (nl + en)."""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, Server, axe_violations, screenshot
from browser_support import TEAM_OF_15 as NAMES
from playwright.sync_api import expect

from session_app.access import HOST_COOKIE, MEMBER_COOKIE
from session_app.store import Member, Pick, Round, Store, TeamSession

pytestmark = pytest.mark.browser

# Onderhandelen and politiek_inzicht are never chosen: the cycle shows gaps.
CHOSEN = [
    "signaleren",
    "sensitiviteit",
    "communicatie",
    "lef",
    "creativiteit",
    "overtuigingskracht",
    "netwerken",
    "samenwerken",
    "zelfreflectie",
    "stressbestendigheid",
]


def build_session(
    url: str, *, locale: str, phase: str, names=NAMES, team_name=None, voters_per_round: int = 14
) -> dict:
    """A session of 15 with every round revealed, written straight into the server's
    database (the database is the truth: the pages read it on every load)."""
    store = Store(url)
    with store.transaction() as db:
        s = TeamSession(
            team_name=team_name or f"Cliëntenraad {locale}",
            locale=locale,
            show_names=True,
            join_code=Store.unused_join_code(db),
            phase=phase,
            joining_open=False,
        )
        db.add(s)
        db.flush()
        members = [Member(session_id=s.id, name=name) for name in names]
        db.add_all(members)
        db.flush()
        for position, central in enumerate(members):
            r = Round(
                session_id=s.id, central_member_id=central.id, position=position, state="revealed"
            )
            db.add(r)
            db.flush()
            others = [m for m in members if m is not central][:voters_per_round]
            for n, voter in enumerate(others):
                first = CHOSEN[(position + n % 3) % len(CHOSEN)]
                second = CHOSEN[(position + 3 + n % 2) % len(CHOSEN)]
                db.add_all(
                    [
                        Pick(
                            round_id=r.id,
                            voter_id=voter.id,
                            slot=0,
                            competency=first,
                            reason="Omdat het zo is.",
                        ),
                        Pick(
                            round_id=r.id,
                            voter_id=voter.id,
                            slot=1,
                            competency=second,
                            reason="Dat zagen we vaak.",
                        ),
                    ]
                )
        for n, m in enumerate(members):
            m.group_no = min(n // 2 + 1, len(names) // 2)  # the last one is a trio
            if phase == "closed":
                m.development_goal = CHOSEN[(n + 5) % len(CHOSEN)]
                m.development_reason = "Daar wil ik beter in worden."
        info = {
            "public_id": s.public_id,
            "host_key": s.host_key,
            "screen_key": s.screen_key,
            "member_token": members[0].token,
        }
    store.engine.dispose()
    return info


@pytest.fixture(scope="module")
def picture_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "picture.db"
    server = Server(path).start()
    yield server, f"sqlite:///{path}"
    server.stop()


def clipped(page) -> list[str]:
    """Anything outside the window, and any text cut off inside its box (measured after
    two frames: a new slide is fitted to the window while it is laid out)."""
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    return page.evaluate("""() => {
      const out = [];
      const doc = document.documentElement;
      if (doc.scrollHeight > innerHeight + 1) out.push(`scrolls down ${doc.scrollHeight}`);
      if (doc.scrollWidth > innerWidth + 1) out.push(`scrolls sideways ${doc.scrollWidth}`);
      for (const el of document.querySelectorAll('#board *')) {
        if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
        if (el.closest('.visually-hidden')) continue;
        const box = el.getBoundingClientRect();
        if (box.bottom > innerHeight + 1 || box.right > innerWidth + 1)
          out.push(`outside: ${el.tagName}.${el.className} ${el.textContent.slice(0, 30)}`);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
            && el.clientWidth > 0)
          out.push(`cut: ${el.tagName}.${el.className} ${el.textContent.slice(0, 30)}`);
      }
      return out;
    }""")


def walk_parts(host, screens, selector: str, shot: str) -> dict[int, list[str]]:
    """From the host page, turn the slide on the big screen from its first part to its last
    (a slide in one part has no buttons); on every screen each part fits and nothing is cut.
    Returns, per screen width, the text of every ``selector`` seen."""
    previous = host.locator('[data-key="part-previous"]')
    status = host.locator("#controls .reveal-status")
    first = re.compile(r" 1 (van|of) ")
    for _ in range(20):
        if not status.count() or first.search(status.inner_text()) or not previous.is_enabled():
            break
        before = status.inner_text()
        previous.click()
        expect(status).not_to_have_text(before, use_inner_text=True)
    seen: dict[int, list[str]] = {width: [] for width in screens}
    part = 0
    while True:
        part += 1
        if status.count():
            expect(status).to_contain_text(f" {part} ")
        for width, page in screens.items():
            expect(page.locator(selector).first).to_be_visible()
            expect(page.locator("#board")).to_have_attribute(
                "data-slide", re.compile(f":{part - 1}$")
            )
            screenshot(page, f"{shot}-{width}-{part}")
            assert clipped(page) == [], f"{shot} part {part} at {width}"
            seen[width] += page.locator(selector).all_inner_texts()
        following = host.locator('[data-key="part-next"]')
        if not following.count() or not following.is_enabled():
            return seen
        following.click()


def host_page(browser, server, info, locale):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.add_cookies(
        [
            {
                "name": HOST_COOKIE.format(info["public_id"]),
                "value": info["host_key"],
                "url": server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{server.url}/s/{info['public_id']}/host")
    return page


# Every part of the map and the four tasks, at two sizes: longer than the default timeout
# allows on a busy machine.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_closing_slides_fit_the_projector(browser, picture_server, locale):
    server, url = picture_server
    info = build_session(url, locale=locale, phase="closed")
    host = host_page(browser, server, info, locale)
    expect(host.locator('[data-key="slide-map"]')).to_have_attribute("aria-pressed", "true")
    screens = {}
    for width, height in [(1280, 720), (1920, 1080)]:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        page = context.new_page()
        page.goto(f"{server.url}/screen/{info['screen_key']}")
        screens[width] = page

    # The map in parts (every name at the back row's size): together, every member.
    # Every member's most chosen quality is stressed with more than colour (a frame).
    rows = walk_parts(host, screens, ".map-row:has(.most)", f"picture-map-{locale}")
    for width, page in screens.items():
        assert len(rows[width]) == 15, width
        assert axe_violations(page) == [], f"map at {width}"

    host.click('[data-key="slide-cycle"]')
    expect(host.locator('[data-key="slide-cycle"]')).to_have_attribute("aria-pressed", "true")
    for page in screens.values():
        expect(page.locator("#board")).to_have_attribute("data-slide", re.compile("^cycle:"))
    tasks = walk_parts(host, screens, ".cycle-task", f"picture-cycle-{locale}")
    for width, page in screens.items():
        assert len(tasks[width]) == 13
        # Negotiating is chosen for nobody: the tasks that need it say so in words.
        word = "onderhandelen" if locale == "nl" else "negotiating"
        assert sum(word in task.lower() for task in tasks[width]) == 3
        assert axe_violations(page) == [], f"cycle at {width}"

    # The screen survives a reload on the same slide (it is stored, not remembered).
    page = screens[1280]
    shown = page.locator("#board").inner_text()
    page.reload()
    expect(page.locator(".cycle-task").first).to_be_visible()
    assert page.locator("#board").inner_text() == shown

    host.click('[data-key="slide-duos"]')
    expect(page.locator(".groups")).to_be_visible()
    expect(page.locator(".map-slide")).to_have_count(0)

    # The host page shows the map and the cycle too, and who is strong per task.
    host.click('[data-key="slide-map"]')
    expect(host.locator("#board .map-row").first).to_be_visible()
    host.locator("#board").screenshot(path=str(screenshot(host, f"picture-host-board-{locale}")))
    host.locator(".picture-details summary").click()
    expect(host.locator(".coverage-details > li")).to_have_count(13)
    assert axe_violations(host) == []
    screenshot(host, f"picture-host-{locale}")

    # The printable team picture: the map on the first A4 page, then the cycle, then who
    # does what.
    host.goto(f"{server.url}/s/{info['public_id']}/picture")
    expect(host.locator(".print-map tbody tr")).to_have_count(15)
    expect(host.locator(".cycle-task")).to_have_count(13)
    assert axe_violations(host) == []
    screenshot(host, f"picture-print-{locale}")
    pdf = host.pdf(format="A4")
    # The map, the cycle (one or two pages), then who does what on a page of its own.
    assert 3 <= len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) <= 4
    for page in [*screens.values(), host]:
        page.context.close()


@pytest.mark.timeout(300)
def test_long_names_and_a_team_with_gaps_everywhere_still_fit(browser, picture_server):
    """The longest team name and 15 long double first names; one voter per round, so
    nobody is strong in anything and every task lists its gaps."""
    server, url = picture_server
    names = [f"{name}-Wilhelmina" for name in NAMES]
    info = build_session(
        url,
        locale="nl",
        phase="closed",
        names=names,
        team_name=("Cliëntenraad Gezondheidszorg " * 3)[:60].strip(),
        voters_per_round=1,
    )
    host = host_page(browser, server, info, "nl")
    page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl").new_page()
    page.goto(f"{server.url}/screen/{info['screen_key']}")
    assert len(walk_parts(host, {1280: page}, ".map-row", "picture-map-long")[1280]) == 15
    host.click('[data-key="slide-cycle"]')
    # The facilitator's page too is on the cycle before its buttons turn the parts.
    expect(host.locator('[data-key="slide-cycle"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#board")).to_have_attribute("data-slide", re.compile("^cycle:"))
    gaps = walk_parts(host, {1280: page}, ".cycle-task .task-gaps", "picture-cycle-gaps")
    assert len(gaps[1280]) == 13
    for p in (page, host):
        p.context.close()


def test_the_host_sees_the_map_while_pairing_and_presents_the_slides(browser, picture_server):
    server, url = picture_server
    info = build_session(url, locale="nl", phase="pairing")
    host = host_page(browser, server, info, "nl")
    host.set_viewport_size({"width": 1280, "height": 720})
    details = host.locator(".picture-details")
    expect(details).to_have_count(1)
    details.locator("summary").click()
    expect(details.locator(".team-map tbody tr")).to_have_count(15)
    assert axe_violations(host) == []
    # Not on the board (the projector's view) before the duos are confirmed.
    expect(host.locator("#board .map-slide")).to_have_count(0)

    host.on("dialog", lambda dialog: dialog.accept())
    host.click('[data-key="confirm"]')
    expect(host.locator("#board .map-row").first).to_be_visible()
    host.click("#presentation")
    expect(host.locator("#presentation-help")).to_be_visible()
    assert clipped(host) == []
    screenshot(host, "picture-presenting-1280")
    # With the controls hidden, the arrow keys (or a presenter remote) turn the map's parts,
    # then the slides; back again the same way.
    for _ in range(10):
        if host.locator("#board .cycle-task").count():
            break
        shown = host.locator("#board").inner_text()
        host.keyboard.press("ArrowRight")
        expect(host.locator("#board")).not_to_have_text(shown, use_inner_text=True)
        assert clipped(host) == []
    expect(host.locator("#board .cycle-task").first).to_be_visible()
    screenshot(host, "picture-presenting-cycle-1280")
    host.keyboard.press("ArrowLeft")
    expect(host.locator("#board .map-slide")).to_have_count(1)
    host.context.close()


def test_a_phone_choosing_a_goal_sees_what_the_team_misses(browser, picture_server):
    server, url = picture_server
    info = build_session(url, locale="nl", phase="development")
    context = browser.new_context(locale="nl-NL", **PHONE)
    context.add_cookies(
        [
            {
                "name": MEMBER_COOKIE.format(info["public_id"]),
                "value": info["member_token"],
                "url": server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{server.url}/s/{info['public_id']}/me")
    hint = page.locator("#goal-hint-onderhandelen")
    expect(hint).to_have_text(
        "Nog niemand in het team is sterk in onderhandelen. Dat is nodig bij 3 taken."
    )
    # Read out with the choice it belongs to.
    described = page.locator("#goal-onderhandelen").get_attribute("aria-describedby")
    assert "goal-hint-onderhandelen" in described.split()
    # A quality the team is strong in gets no hint.
    expect(page.locator("#goal-hint-netwerken")).to_have_count(0)
    assert axe_violations(page) == []
    hint.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "picture-goal-hint")))  # the visible part
    context.close()
