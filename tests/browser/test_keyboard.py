"""Keyboard only: a facilitator and a member run a whole session without a mouse, and the
control that has focus is always visibly marked."""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, LiveClient, join
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const style = getComputedStyle(el);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until ``selector`` has focus; fails if the keyboard cannot reach it."""
    target = page.locator(selector)
    expect(target).to_be_visible()
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            assert page.evaluate(FOCUS_VISIBLE), f"focus on {selector} is not visible"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_host_and_member_without_a_mouse(server, browser):
    others: list[LiveClient] = []
    contexts = []
    try:
        run_without_a_mouse(server, browser, others, contexts)
    finally:
        # Never leave a client reconnecting in the background: later tests would see it.
        for client in others:
            client.close()
        for context in contexts:
            context.close()


def run_without_a_mouse(server, browser, others, contexts):
    host = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True
    ).new_page()
    contexts.append(host.context)
    host.on("dialog", lambda dialog: dialog.accept())
    host.goto(server.url + "/")
    tab_to(host, "#team_name")
    host.keyboard.type("Cliëntenraad")
    tab_to(host, "button[type=submit]")
    host.keyboard.press("Enter")
    expect(host).to_have_url(re.compile(r"/host$"))
    code = host.locator(".join-code .code").inner_text()

    phone = browser.new_context(locale="nl-NL", **PHONE).new_page()
    contexts.append(phone.context)
    phone.goto(f"{server.url}/j/{code}")
    tab_to(phone, "#name")
    phone.keyboard.type("Kim")
    phone.keyboard.press("Enter")
    expect(phone.locator("#view h2")).to_contain_text("Kim")
    public_id = re.search(r"/s/([\w-]+)/me", phone.url).group(1)
    for name in ("Lars", "Mo"):
        client = LiveClient(server, join(server, code, name), "member", public_id)
        others.append(client)

    expect(host.locator(".chip")).to_have_count(3)
    tab_to(host, "[data-key=start]")
    host.keyboard.press("Enter")
    tab_to(host, "#presentation")
    host.keyboard.press("Enter")
    expect(host.locator("body")).to_have_class(re.compile("presenting"))

    for _ in range(3):
        view = phone.locator("#view")
        expect(view).to_have_attribute("data-stage", re.compile(r":open:"))
        round_id = int(view.get_attribute("data-stage").split(":")[1])
        if view.get_attribute("data-stage").endswith(":other"):
            for key in ("lef", "samenwerken"):
                tab_to(phone, f"#quality-{key}")
                phone.keyboard.press("Space")
                tab_to(phone, f"#reason-{key}")
                phone.keyboard.type("Dat zie ik elke vergadering.")
            tab_to(phone, "#view button[type=submit]")
            phone.keyboard.press("Enter")
            expect(phone.locator("#pick-status")).to_have_class(re.compile("ok"))
        for client in others:
            me = client.states[-1]["me"]["id"]
            state = client.wait_for(lambda s, r=round_id: s["round"] and s["round"]["id"] == r)
            if state["round"]["central"]["id"] != me:
                client.call(
                    "pick",
                    {
                        "round_id": round_id,
                        "picks": [
                            {"competency": "lef", "reason": "Ja"},
                            {"competency": "communicatie", "reason": "Zeker"},
                        ],
                    },
                )
        expect(host.locator(".progress")).to_contain_text("2 van de 2")
        host.keyboard.press("r")  # presentation mode: R shows the answers
        expect(host.locator("#board .reveal-headline")).to_be_visible()
        expect(phone.locator(".tally").first).to_be_visible()
        # → (or a presenter remote's PageDown) turns the projector to the first quality.
        host.keyboard.press("ArrowRight")
        expect(host.locator("#board .reveal")).to_have_attribute("data-step", "1")
        host.keyboard.press("n")
    host.keyboard.press("Escape")
    expect(host.locator("body")).not_to_have_class(re.compile("presenting"))
    tab_to(host, "[data-key=development]")
    host.keyboard.press("Enter")

    tab_to(phone, "#goal-signaleren")  # a radio group: Tab in, arrows choose
    phone.keyboard.press("Space")
    for _ in range(12):
        if phone.locator("#goal-netwerken").is_checked():
            break
        phone.keyboard.press("ArrowDown")
    expect(phone.locator("#goal-netwerken")).to_be_checked()
    tab_to(phone, "#goal-reason")
    phone.keyboard.type("Ik wil meer mensen kennen.")
    tab_to(phone, "#view button[type=submit]")
    phone.keyboard.press("Enter")
    expect(phone.locator("#view .message.ok")).to_be_visible()
    for client in others:
        client.call("goal", {"competency": "lef", "reason": "Durven"})

    tab_to(host, "[data-key=pairing]")
    host.keyboard.press("Enter")
    expect(phone.locator(".duo .partner")).to_be_visible()
    before = phone.locator(".duo .partner").inner_text()
    # Three members make one trio; move the first one out to a new group. Moving is in
    # each member's menu: a disclosure that Enter opens.
    tab_to(host, "#controls .groups .member-menu summary >> nth=0")
    host.keyboard.press("Enter")
    tab_to(host, "#controls select >> nth=0")
    expect(host.locator("#controls select").first).to_have_value("group:new")
    host.keyboard.press("Tab")
    host.keyboard.press("Enter")
    expect(host.locator("#controls .group")).to_have_count(2)
    tab_to(host, "[data-key=confirm]")
    host.keyboard.press("Enter")
    expect(host.locator("#host-message")).not_to_be_empty()  # someone is alone: refused
    # Put them back: move the lone member into the other group, then confirm.
    lone = host.locator("#controls .group").filter(has=host.locator("li .move")).last
    # (The moved member's menu stays open while the page is drawn again.)
    tab_to(host, f"#{lone.locator('select').first.get_attribute('id')}")
    host.keyboard.press("Tab")
    host.keyboard.press("Enter")
    expect(host.locator("#controls .group")).to_have_count(1)
    tab_to(host, "[data-key=confirm]")
    host.keyboard.press("Enter")
    tab_to(host, "[data-key=csv]")
    with host.expect_download():
        host.keyboard.press("Enter")
    expect(phone.locator(".duo .partner")).to_be_visible()
    assert before  # the phone showed its duo all along
