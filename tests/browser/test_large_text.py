"""Large text on small phones (issue 19): every page a member sees, at 320 and 390 px wide,
at 100, 150 and 200 % text.

A phone's text-size setting scales the root font size; here the page's own root size (112.5 %)
is scaled the same way through ``document.documentElement.style`` (the CSP forbids style
tags). In every state, at every size: nothing is wider than the phone, every control is inside
it, and a quality's name breaks only at a soft hyphen (a dictionary's hyphenation point, put
there by the server), and then at most once per word. The pick page at 200 % is at most three
times as long as at 100 %; the development step at 100 % on 390 px at most 2,000 px. axe
finds nothing at the largest and the most common size.

One server, one session and one phone page for all of it: the sizes change in place.
"""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)
TEXT_SIZES = (100, 150, 200)
ROOT = 112.5  # the app's own root font size, in % (static/css/app.css)
LATER = "Jouw beurt komt later. De begeleider heeft jouw ronde naar het eind gezet."
PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "overtuigingskracht", "reason": "Kent iedereen"},
]

# Per word of a quality's name as rendered: its line pieces, and whether each break is at a
# soft hyphen. A character right after a break at a soft hyphen has two boxes (the hyphen's
# and its own): its own is the last.
NAME_BREAKS = """selector => {
  const bad = [];
  const SHY = "\\u00ad";
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = node.textContent;
      for (const match of text.matchAll(/[^\\s\\/\\u200b]+/g)) {
        let lastTop = null;
        let pieces = 1;
        let atHyphen = true;
        for (let i = match.index; i < match.index + match[0].length; i += 1) {
          if (text[i] === SHY) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rects = range.getClientRects();
          if (!rects.length) continue;
          const top = Math.round(rects[rects.length - 1].top);
          if (lastTop !== null && Math.abs(top - lastTop) > 2) {
            pieces += 1;
            if (text[i - 1] !== SHY) atHyphen = false;
          }
          lastTop = top;
        }
        if (pieces > 2 || !atHyphen) {
          bad.push(`${match[0].replaceAll(SHY, "-")}: ${pieces} pieces`
            + (atHyphen ? "" : ", not at a hyphen"));
        }
      }
    }
  }
  return bad;
}"""
NAMES = ".c-name, .tally-name > span:not(.count), .compare li"

# What sticks out past the phone's right edge.
WIDE = """width => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.slice(0, 30)}`)"""

# Controls a finger cannot reach: (partly) outside the phone's width.
OUTSIDE = """width => [...document.querySelectorAll(
    'main button, main a[href], main input, main textarea, main select, main summary')]
  .filter((el) => el.getClientRects().length && !el.closest('[hidden]'))
  .filter((el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && (r.left < -1 || r.right > width + 1); })
  .map((el) => `${el.tagName.toLowerCase()}#${el.id || el.textContent.trim().slice(0, 20)}`)"""


# The self-check at a step (0-11: a quality's part, 12: the profile), with an answer to every
# statement.
SELF_CHECK_AT = """step => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const answers = {};
  for (const [key, texts] of Object.entries(page.statements)) {
    texts.forEach((_, i) => { answers[`${key}:${i}`] = page.scale[i % page.scale.length].key; });
  }
  localStorage.setItem("selfcheck:v1", JSON.stringify({ answers, step, last: step }));
}"""


class Sizes:
    """Measures one phone page in every size, and collects what is wrong, per state."""

    def __init__(self, phone):
        self.phone = phone
        self.lengths: dict[tuple[str, int, int], int] = {}
        self.found: list[str] = []
        self.axe_runs = 0

    def measure(self, state: str, *, axe: bool = True) -> None:
        phone = self.phone
        for width in WIDTHS:
            phone.set_viewport_size({"width": width, "height": 740})
            for size in TEXT_SIZES:
                phone.evaluate(
                    "size => { document.documentElement.style.fontSize = size + '%'; }",
                    ROOT * size / 100,
                )
                where = f"{state} {width}px {size}%"
                length, page_width = phone.evaluate(
                    "() => [document.documentElement.scrollHeight,"
                    " document.documentElement.scrollWidth]"
                )
                self.lengths[(state, width, size)] = length
                if page_width > width:
                    wide = phone.evaluate(WIDE, width)
                    self.found.append(f"{where}: {page_width}px wide: {wide[:3]}")
                for line in phone.evaluate(NAME_BREAKS, NAMES):
                    self.found.append(f"{where}: {line}")
                for control in phone.evaluate(OUTSIDE, width):
                    self.found.append(f"{where}: out of reach: {control}")
                if axe and (width, size) in ((320, 200), (390, 100)):
                    self.axe_runs += 1
                    self.found += [f"{where}: {v}" for v in axe_violations(phone)]
                if (width, size) in ((390, 100), (390, 200)):
                    screenshot(phone, f"large-text-{state}-{width}-{size}")
        phone.evaluate("() => { document.documentElement.style.fontSize = ''; }")
        phone.set_viewport_size(PHONE["viewport"])

    def length(self, state: str, width: int, size: int) -> int:
        return self.lengths[(state, width, size)]


@pytest.mark.timeout(300)
def test_every_phone_page_reads_well_with_large_text(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    clients = [host]
    context = browser.new_context(locale="nl-NL", **PHONE)
    context.set_default_timeout(10_000)
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        phone = context.new_page()
        sizes = Sizes(phone)
        phone.goto(f"{server.url}/j/{code}")
        sizes.measure("join")
        phone.fill("#name", "Anna")
        phone.click("button[type=submit]")
        expect(phone.locator("#view h2")).to_contain_text("Anna")
        others = {
            n: LiveClient(server, join(server, code, n), "member", public_id)
            for n in ("Bram", "Cas")
        }
        clients.extend(others.values())
        sizes.measure("lobby")
        phone.click(".self-details > summary")
        expect(phone.locator("#self-fit-lef")).to_be_attached()
        sizes.measure("self-view")
        phone.click(".self-details > summary")

        assert host.call("start_rounds", {}) == {"ok": True}
        # Anna's round comes first (she joined first): she is away, so the facilitator skips
        # it. Her phone says her turn comes later, on every pick page until it comes.
        round_ = host.wait_for(lambda s: s["round"]["state"] == "open")["round"]
        assert round_["central"]["name"] == "Anna"
        assert host.call("skip_round", {"round_id": round_["id"]}) == {"ok": True}
        measured_pick = False
        for number in range(3):
            round_ = host.wait_for(
                lambda s, n=number: (
                    s["round"]["state"] == "open"
                    and s["round"]["central"]["name"] == ("Bram", "Cas", "Anna")[n]
                )
            )["round"]
            for name, client in others.items():
                if name != round_["central"]["name"]:
                    assert client.call("pick", {"round_id": round_["id"], "picks": PICKS})["ok"]
            mine = round_["central"]["name"] == "Anna"
            if not mine:
                expect(phone.locator("#view form")).to_be_visible()
                expect(phone.locator("#turn-note")).to_have_text(LATER)
                if not measured_pick:
                    sizes.measure("pick")
                    measured_pick = True
                for key, pick in zip(("lef", "overtuigingskracht"), PICKS, strict=True):
                    phone.locator(f"label[for=quality-{key}]").click()
                    phone.fill(f"#reason-{key}", pick["reason"])
                phone.click("#view button[type=submit]")
                expect(phone.locator("#pick-status")).to_have_class(re.compile("ok"))
            assert host.call("reveal", {"round_id": round_["id"]}) == {"ok": True}
            if mine:
                expect(phone.locator("#view .tally")).to_be_visible()
                expect(phone.locator("#turn-note")).to_be_empty()
                sizes.measure("own-reveal")
            if number < 2:
                assert host.call("next_round", {"round_id": round_["id"]}) == {"ok": True}

        assert host.call("start_development", {}) == {"ok": True}
        expect(phone.locator("#goal-reason")).to_be_visible()
        sizes.measure("development")
        phone.locator("label[for=goal-overtuigingskracht]").click()
        expect(phone.locator("#goal-ratings")).to_be_visible()
        sizes.measure("development-chosen", axe=False)
        phone.fill("#goal-reason", "Ik wil vaker iets zeggen")
        phone.click("#view button[type=submit]")
        expect(phone.locator("#view .message.ok")).to_be_visible()
        for client in others.values():
            assert client.call("goal", {"competency": "lef", "reason": "Graag"})["ok"]
        assert host.call("start_pairing", {}) == {"ok": True}
        expect(phone.locator("#view .duo")).to_be_visible()
        sizes.measure("duo")
        assert host.call("confirm_duos", {}) == {"ok": True}
        expect(phone.locator("#view .duo .note")).to_contain_text("vast")
        sizes.measure("closed")
        phone.goto(f"{server.url}/s/{public_id}/me/result")
        expect(phone.locator(".tally-row").first).to_be_visible()
        sizes.measure("result")
        phone.goto(f"{server.url}/self-check")
        expect(phone.locator("#selfcheck-start")).to_be_visible()
        sizes.measure("self-check")
        # The part with the longest name, then the profile (all answered): kept in this
        # browser's storage, as the page keeps them.
        phone.evaluate(SELF_CHECK_AT, 6)
        phone.reload()
        expect(phone.locator("#selfcheck fieldset").first).to_be_visible()
        sizes.measure("self-check-part")
        phone.evaluate(SELF_CHECK_AT, 12)
        phone.reload()
        expect(phone.locator(".profile-row").first).to_be_visible()
        sizes.measure("self-check-profile")
    finally:
        context.close()
        for client in clients:
            client.close()

    # The figures, for the record (pytest -s): page lengths per state, width and text size.
    for (state, width, size), length in sizes.lengths.items():
        print(f"{state:20} {width}px {size:3}%: {length:6} px")
    assert sizes.axe_runs == 2 * 12
    assert not sizes.found, "\n".join(sizes.found)
    for width in WIDTHS:
        # Large text makes the pick page longer, not endless: each name breaks at most once.
        assert sizes.length("pick", width, 200) <= 3 * sizes.length("pick", width, 100)
    # What is optional in the development step folds away.
    assert sizes.length("development", 390, 100) <= 2000
    assert sizes.length("development-chosen", 390, 100) <= 2000
