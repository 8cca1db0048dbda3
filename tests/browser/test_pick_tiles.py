"""The compact pick step on a phone: the 12 qualities as tiles, a send bar that stays in
view, the reason right under a chosen tile, sentence starters; large text on small phones."""

from __future__ import annotations

import pytest
from browser_support import PHONE, LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]
TEXT = {
    "nl": {
        "counter": "1 van 2 gekozen",
        "starter": "Ik zag dat je …",
        "typed": "Ik zag dat je ",
        "finish": "Maak de zin af in je eigen woorden.",
        "third": "al twee gekozen",
    },
    "en": {
        "counter": "1 of 2 chosen",
        "starter": "I saw that you …",
        "typed": "I saw that you ",
        "finish": "Finish the sentence in your own words.",
        "third": "already chosen two",
    },
}

# Words split over two lines in an element (a heading that breaks inside a word).
SPLIT_WORDS = """el => {
  const split = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const match of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""


WIDE = """width => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 1)
  .map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 30)}`)"""


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def _in_view(page, locator) -> bool:
    box, height = _box(locator), page.viewport_size["height"]
    return box["y"] >= 0 and box["y"] + box["height"] <= height + 1


@pytest.fixture(scope="module")
def session(server):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    code = host.wait_for(lambda s: True)["join_code"]
    yield server, host, public_id, code
    host.close()


@pytest.mark.parametrize(("width", "height", "lang"), [(390, 844, "nl"), (320, 640, "en")])
def test_the_pick_step_is_compact_and_the_send_bar_stays(session, browser, width, height, lang):
    server, host, public_id, code = session
    words = TEXT[lang]
    clients = []
    context = browser.new_context(
        locale="nl-NL", **{**PHONE, "viewport": {"width": width, "height": height}}
    )
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "lang", "value": lang, "url": server.url}])
    try:
        # A fresh session per size: this phone joins, with two others.
        http, public_id = create_session(server)
        host = LiveClient(server, http, "host", public_id)
        clients.append(host)
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.fill("#name", "Anna")
        phone.click("button[type=submit]")
        expect(phone.locator("#view h2")).to_contain_text("Anna")
        others = {
            n: LiveClient(server, join(server, code, n), "member", public_id)
            for n in ("Bram", "Cas")
        }
        clients.extend(others.values())
        assert host.call("start_rounds", {}) == {"ok": True}
        round_ = host.wait_for(lambda s: s["round"]["state"] == "open")["round"]
        if round_["central"]["name"] == "Anna":
            for client in others.values():
                assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
            assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
            assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}
        form = phone.locator("#view form")
        expect(form).to_be_visible()

        # Twelve tiles, not too tall; the send bar is in view at the top and halfway.
        tiles = phone.locator("#view .tile")
        expect(tiles).to_have_count(12)
        first, last = _box(tiles.first), _box(tiles.last)
        assert last["y"] + last["height"] - first["y"] <= 2 * height
        for i in range(12):
            assert _box(tiles.nth(i))["height"] <= 0.25 * height
        bar = phone.locator(".send-bar")
        assert _in_view(phone, bar)
        tiles.nth(6).scroll_into_view_if_needed()
        assert _in_view(phone, bar)
        screenshot(phone, f"phone-tiles-{width}")

        # The whole tile answers a tap (here: its right half, away from the name).
        lef = phone.locator("#view .tile[data-key=lef]")
        lef.scroll_into_view_if_needed()
        box = _box(lef)
        phone.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + 6)
        expect(phone.locator("#quality-lef")).to_be_checked()
        expect(phone.locator("#pick-counter")).to_have_text(words["counter"])
        assert _in_view(phone, phone.locator("#pick-counter"))
        # The reason field is right under the chosen tile.
        reason = phone.locator("#reason-lef")
        expect(reason).to_be_visible()
        lef_box = _box(lef)
        block = _box(phone.locator(".tile-reason:has(#reason-lef)"))
        assert 0 <= block["y"] - (lef_box["y"] + lef_box["height"]) <= 12

        # A sentence starter goes into the field with one tap; alone it is no reason.
        starter = phone.locator(".tile-reason:has(#reason-lef) .starter").first
        expect(starter).to_have_text(words["starter"])
        starter.click()
        expect(reason).to_have_value(words["typed"])
        expect(reason).to_be_focused()
        netwerken = phone.locator("#view .tile[data-key=netwerken] label")
        netwerken.click()
        phone.fill("#reason-netwerken", "Kent de wethouder")
        phone.locator(".send-bar button[type=submit]").click()
        expect(phone.locator("#reason-lef-error")).to_have_text(words["finish"])
        reason.press_sequentially("durft te vragen")
        assert axe_violations(phone) == []

        # A third quality is refused; its own tile (name and pictogram) stays in view.
        third = phone.locator("#view .tile[data-key=creativiteit]")
        third.locator("label").click()
        expect(phone.locator("#quality-creativiteit")).not_to_be_checked()
        expect(phone.locator("#limit-creativiteit")).to_contain_text(words["third"])
        bar_top = _box(bar)["y"]
        for part in (third.locator(".icon"), third.locator(".c-name")):
            part_box = _box(part)
            assert part_box["y"] >= 0 and part_box["y"] + part_box["height"] <= bar_top + 1
        screenshot(phone, f"phone-tiles-third-{width}")

        # The description opens on demand and does not choose the quality.
        third.locator("summary").click()
        expect(third.locator(".c-desc")).to_be_visible()
        expect(phone.locator("#quality-creativiteit")).not_to_be_checked()
        assert axe_violations(phone) == []

        phone.locator(".send-bar button[type=submit]").click()
        expect(phone.locator("#pick-status")).to_have_class("message ok")
        assert _in_view(phone, phone.locator("#pick-status"))
        phone.reload()
        expect(phone.locator("#reason-lef")).to_have_value(words["typed"] + "durft te vragen")

        # 200 % text: nothing wider than the phone, no heading broken inside a word.
        # A phone's text size doubles the root size (112.5 % of the user's size).
        phone.evaluate("() => { document.documentElement.style.fontSize = '225%'; }")
        phone.evaluate("() => window.scrollTo(0, 0)")
        width_now = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width_now <= width, phone.evaluate(WIDE, width)
        languages = _box(phone.locator(".languages"))
        assert languages["x"] + languages["width"] <= width
        for heading in phone.locator("h1, #view h2").all():
            assert heading.evaluate(SPLIT_WORDS) == [], heading.inner_text()
        # The send bar never covers much of the screen: small enough, or in the page's flow.
        expect(bar).to_have_class("send-bar in-flow")
        phone.set_viewport_size({"width": width, "height": 4 * height})  # a tall window
        expect(bar).to_have_class("send-bar")
        phone.set_viewport_size({"width": width, "height": height})
        screenshot(phone, f"phone-tiles-200-{width}")
    finally:
        for client in clients:
            client.close()
        context.close()
