"""Who does what in a real browser: the facilitator puts names on tasks; the closing slide is
legible from the back (every name and number at least 4.5 % of the window's height) at
1280×720 and 1920×1080, in parts the facilitator turns and that never turn by themselves; a
phone shows the tasks that fit its member; the pages have no axe violations (nl + en)."""

from __future__ import annotations

import re

import pytest
from browser_support import ARTIFACTS, PHONE, Server, axe_violations, screenshot
from playwright.sync_api import expect
from test_picture_browser import NAMES, build_session, clipped, host_page

from session_app.access import MEMBER_COOKIE
from session_app.content import TASKS
from session_app.store import Member, Store

pytestmark = pytest.mark.browser

MIN_SHARE = 0.045


@pytest.fixture(scope="module")
def picture_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "roles.db"
    server = Server(path).start()
    yield server, f"sqlite:///{path}"
    server.stop()


def shot(page, name: str) -> None:
    screenshot(page, f"roles-{name}")


def give_tasks(url: str, public_id: str, per_task: int) -> dict[str, list[str]]:
    """Put ``per_task`` members on every task (turn by turn), straight in the database."""
    store = Store(url)
    given: dict[str, list[str]] = {}
    with store.transaction() as db:
        members = list(
            db.query(Member).join(Member.session).filter_by(public_id=public_id).order_by(Member.id)
        )
        keys: dict[int, list[str]] = {m.id: [] for m in members}
        n = 0
        for task in TASKS[:-1]:  # 4.1 keeps no name: the slide says it is open
            for _ in range(per_task):
                m = members[n % len(members)]
                n += 1
                keys[m.id].append(task.key)
                given.setdefault(task.key, []).append(m.name)
        for m in members:
            m.task_keys = ",".join(keys[m.id]) or None
    store.engine.dispose()
    return given


def too_small(page) -> list[str]:
    """Every visible text of the slide smaller than MIN_SHARE of the window's height."""
    return page.evaluate(
        """(share) => {
      const out = [];
      for (const el of document.querySelectorAll('.roles *')) {
        if (el.closest('.visually-hidden') || !el.textContent.trim()) continue;
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < share * innerHeight) out.push(`${el.className}: ${size}px`);
      }
      return out;
    }""",
        MIN_SHARE,
    )


def slide_text(page) -> str:
    return " ".join(page.locator(".roles").all_inner_texts())


@pytest.mark.parametrize("locale, long", [("nl", False), ("en", False), ("nl", True)])
def test_the_slide_is_legible_from_the_back_and_turned_by_the_host(
    browser, picture_server, locale, long
):
    server, url = picture_server
    # Long: 15 double names and 5 of them on a task (a long line wraps; still nothing cut off).
    names = [f"{name}-Wilhelmina" for name in NAMES] if long else NAMES
    info = build_session(url, locale=locale, phase="closed", names=names)
    given = give_tasks(url, info["public_id"], per_task=5 if long else 3)
    host = host_page(browser, server, info, locale)
    host.click('[data-key="slide-roles"]')
    expect(host.locator('[data-key="slide-roles"]')).to_have_attribute("aria-pressed", "true")
    screens = {}
    for width, height in [(1280, 720), (1920, 1080)]:
        page = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale
        ).new_page()
        page.goto(f"{server.url}/screen/{info['screen_key']}")
        expect(page.locator(".roles")).to_be_visible()
        screens[width] = page
    seen: dict[int, list[str]] = {1280: [], 1920: []}
    part = 0
    while True:
        for width, page in screens.items():
            expect(page.locator(".roles")).to_have_attribute("data-step", str(part))
            assert clipped(page) == [], f"part {part} at {width}"
            assert too_small(page) == [], f"part {part} at {width}"
            seen[width].append(slide_text(page))
            shot(page, f"slide-{locale}{'-long' if long else ''}-{width}-part{part + 1}")
            if part == 0:
                assert axe_violations(page) == [], f"slide at {width}"
        next_button = host.locator('[data-key="roles-next"]')
        if not next_button.is_enabled():
            break
        next_button.click()
        part += 1
    parts = part + 1
    assert parts > 1
    # Every task with names is on exactly one part, with every name; 4.1 says it is open.
    for width in screens:
        text = " ".join(seen[width])
        for key, names in given.items():
            assert sum(f"{key} " in t for t in seen[width]) == 1, (key, width)
            assert all(name in text for name in names)
        assert "4.1" in seen[width][-1]
    if long:
        for p in [*screens.values(), host]:
            p.context.close()
        return
    # Nothing turns by itself: after longer than the duos' turning, still the same part.
    page = screens[1280]
    page.wait_for_timeout(16000)
    expect(page.locator(".roles")).to_have_attribute("data-step", str(parts - 1))
    # Back by the button; a reloaded screen comes back to the same part.
    host.click('[data-key="roles-previous"]')
    expect(page.locator(".roles")).to_have_attribute("data-step", str(parts - 2))
    page.reload()
    expect(page.locator(".roles")).to_have_attribute("data-step", str(parts - 2))
    # In presentation mode the arrow keys turn the parts, then the slides.
    host.click("#presentation")
    host.keyboard.press("ArrowRight")
    expect(page.locator(".roles")).to_have_attribute("data-step", str(parts - 1))
    expect(host.locator("#board .roles")).to_have_attribute("data-step", str(parts - 1))
    host.wait_for_timeout(300)  # a key pressed while the last one waits for its answer is dropped
    host.keyboard.press("ArrowLeft")
    expect(page.locator(".roles")).to_have_attribute("data-step", str(parts - 2))
    host.keyboard.press("Escape")
    for p in [*screens.values(), host]:
        p.context.close()


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_host_puts_names_on_tasks_and_the_pages_pass_axe(browser, picture_server, locale):
    server, url = picture_server
    info = build_session(url, locale=locale, phase="closed")
    host = host_page(browser, server, info, locale)
    host.click('[data-key="slide-roles"]')
    screen = browser.new_context(viewport={"width": 1280, "height": 720}, locale=locale).new_page()
    screen.goto(f"{server.url}/screen/{info['screen_key']}")
    expect(screen.locator(".roles")).to_be_visible()
    empty = "Er staan nog geen namen" if locale == "nl" else "No names on the tasks yet"
    expect(screen.locator(".roles")).to_contain_text(empty)

    card = host.locator(".roles-card")
    expect(card.locator(".roles-row")).to_have_count(13)
    select = host.locator('[data-key="roles-add-1-1"]')
    first = select.locator("option").first.inner_text()
    fits = "(past)" if locale == "nl" else "(fits)"
    # Members the task fits come first in the list, marked.
    assert first.endswith(fits), first
    name = first.removesuffix(fits).strip()
    host.click('[data-key="roles-add-button-1.1"]')
    expect(screen.locator(".roles-tasks")).to_contain_text(name)
    expect(card.locator(".roles-given").first).to_contain_text(name)
    other = host.locator('[data-key="roles-add-3-2"]')
    count = other.locator("option").count()
    other_name = other.locator("option").nth(count - 1).inner_text()
    other.select_option(index=count - 1)
    host.click('[data-key="roles-add-button-3.2"]')
    expect(screen.locator(".roles-tasks li")).to_have_count(2)
    expect(screen.locator(".roles-tasks li").nth(1)).to_contain_text(other_name)
    # The names stay after a reload of the host page.
    host.reload()
    expect(host.locator(".roles-given .chip")).to_have_count(2)
    card.scroll_into_view_if_needed()
    assert axe_violations(host) == []
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / f"roles-host-card-{locale}.png"))
    shot(screen, f"slide-two-names-{locale}")
    # Take one off again.
    host.locator('.roles-given [data-key^="roles-remove-3.2-"]').click()
    expect(screen.locator(".roles-tasks li")).to_have_count(1)

    # The downloads: who we are looking for on one A4, and the team picture with who does what.
    host.goto(f"{server.url}/s/{info['public_id']}/sought")
    # Onderhandelen and politiek inzicht were chosen for nobody.
    expect(host.locator(".sought-list > li")).to_have_count(2)
    assert axe_violations(host) == []
    shot(host, f"sought-{locale}")
    pdf = host.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    host.goto(f"{server.url}/s/{info['public_id']}/picture")
    expect(host.locator(".roles-table tbody tr")).to_have_count(13)
    assert axe_violations(host) == []
    host.goto(f"{server.url}/s/{info['public_id']}/report")
    assert axe_violations(host) == []
    for p in (screen, host):
        p.context.close()


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_a_phone_shows_the_tasks_that_fit_its_member(browser, picture_server, locale):
    server, url = picture_server
    info = build_session(url, locale=locale, phase="closed")
    context = browser.new_context(
        **{**PHONE, "viewport": {"width": 390, "height": 844}}, locale=locale
    )
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
    tasks = page.locator(".my-tasks")
    expect(tasks).to_be_visible()
    expect(tasks.locator(".fitting-list > li")).to_have_count(3)
    assert axe_violations(page) == []
    tasks.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    tasks.screenshot(path=str(ARTIFACTS / f"roles-phone-tasks-{locale}.png"))
    page.goto(f"{server.url}/s/{info['public_id']}/me/result")
    expect(page.locator(".fitting-tasks .fitting-list > li")).to_have_count(3)
    assert axe_violations(page) == []
    shot(page, f"phone-result-{locale}")
    # Nothing of anyone else: no other member's tasks, no board of the team.
    assert page.locator(".roles-card, .roles").count() == 0
    context.close()
