"""A member without a phone through a whole session in a real browser: the facilitator
adds Piet, answers for him in every round and chooses his goal; the downloads mark him,
the projector does not. axe checks the new states in Dutch and English."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from browser_support import LiveClient, axe_violations, create_session, join, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PICKS = [
    {"competency": "lef", "reason": "Durft"},
    {"competency": "netwerken", "reason": "Kent iedereen"},
]


def test_a_member_without_a_phone_through_a_whole_session(server, browser):
    host_http, public_id = create_session(server)
    host = LiveClient(server, host_http, "host", public_id)
    clients = [host]
    contexts = []
    try:
        code = host.wait_for(lambda s: True)["join_code"]
        members = {
            n: LiveClient(server, join(server, code, n), "member", public_id)
            for n in ("Ann", "Bob")
        }
        clients.extend(members.values())
        key = host_http.cookies.get(f"host_{public_id}")
        laptop = browser.new_context(
            locale="nl-NL", viewport={"width": 1280, "height": 720}, accept_downloads=True
        )
        laptop.set_default_timeout(10_000)
        contexts.append(laptop)
        page = laptop.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{server.url}/host/{key}")
        screen = laptop.new_page()
        screen.goto(page.locator("details.links a").first.get_attribute("href"))

        page.fill("#proxy-name", "Piet")
        page.click("[data-key=proxy-add]")
        expect(page.locator(".member-list li").filter(has_text="Piet")).to_contain_text(
            "(via de begeleider)"
        )
        expect(page.locator("#proxy-name")).to_have_value("")
        expect(screen.locator(".chips .chip")).to_have_count(3)
        assert "via de begeleider" not in screen.locator("main").inner_text()
        assert axe_violations(page) == []

        page.click("[data-key=start]")
        answered_for_piet = 0
        for number in range(1, 4):
            state = host.wait_for(
                lambda s, n=number: s["round"]["state"] == "open" and s["round"]["number"] == n
            )
            round_ = state["round"]
            central = round_["central"]["name"]
            for name, client in members.items():
                if name != central:
                    ack = client.call("pick", {"round_id": round_["id"], "picks": PICKS})
                    assert ack["ok"], ack
            if central != "Piet":
                piet = next(m for m in state["members"] if m["name"] == "Piet")["id"]
                form = page.locator(".proxy-form")
                expect(form.locator("h3")).to_have_text(f"Piet kiest voor {central}")
                page.select_option(f"#proxy-{piet}-q0", "creativiteit")
                page.fill(f"#proxy-{piet}-q0-reason", f"Piet: {central} bedenkt veel")
                # A snapshot while typing (Bob changes his answer) keeps what was typed.
                if central != "Bob":
                    assert members["Bob"].call(
                        "pick", {"round_id": round_["id"], "picks": PICKS[::-1]}
                    )["ok"]
                    host.wait_for(lambda s: s["version"] > state["version"] + 1)  # noqa: B023
                expect(page.locator(f"#proxy-{piet}-q0-reason")).to_have_value(
                    f"Piet: {central} bedenkt veel"
                )
                page.select_option(f"#proxy-{piet}-q1", "lef")
                page.fill(f"#proxy-{piet}-q1-reason", "Hij durft")
                page.click(f"[data-key=proxy-send-{piet}]")
                expect(page.locator(f"#proxy-{piet}-status")).to_have_class("message ok")
                expect(screen.locator(".progress")).to_contain_text("2 van de 2")
                if answered_for_piet == 0:
                    assert axe_violations(page) == []
                    screenshot(page, "host-proxy-round")
                answered_for_piet += 1
            page.click("[data-key=reveal]")
            shown = host.wait_for(
                lambda s: (
                    s["round"]["id"] == round_["id"]  # noqa: B023
                    and s["round"]["state"] == "revealed"
                )
            )["round"]["tally"]
            if central != "Piet":  # Piet's answer counts like anyone's
                reasons = [r["text"] for row in shown for r in row["reasons"]]
                assert f"Piet: {central} bedenkt veel" in reasons
            page.click("[data-key=next]" if number < 3 else "[data-key=development]")
        assert answered_for_piet == 2

        # The goal, chosen on the host page; the others choose on their phones.
        for client in members.values():
            # The click above reaches the server on its own time: wait for the step to open.
            client.wait_for(lambda s: s["phase"] == "development")
            assert client.call("goal", {"competency": "lef", "reason": "Wil ik"})["ok"]
        piet = next(m for m in host.states[-1]["members"] if m["name"] == "Piet")["id"]
        page.select_option(f"#proxy-{piet}-goal", "netwerken")
        page.fill(f"#proxy-{piet}-goal-reason", "Meer mensen kennen")
        page.click(f"[data-key=proxy-goal-send-{piet}]")
        expect(page.locator(f"#proxy-{piet}-goal-status")).to_have_text("Verstuurd: Netwerken.")
        expect(screen.locator(".progress")).to_contain_text(re.compile(r"3 van (de )?3"))
        assert axe_violations(page) == []

        # The same page in English is clean too.
        english = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 720})
        contexts.append(english)
        english.add_cookies([{"name": "lang", "value": "en", "url": server.url}])
        en_page = english.new_page()
        en_page.goto(f"{server.url}/host/{key}")
        expect(en_page.locator(".proxy-box h2")).to_have_text("Answer for members without a phone")
        assert axe_violations(en_page) == []

        page.click("[data-key=pairing]")
        expect(screen.locator(".groups .group")).to_have_count(1)
        page.click("[data-key=confirm]")
        assert "via de begeleider" not in screen.locator("main").inner_text()
        with page.expect_download() as info:
            page.click("[data-key=csv]")
        rows = list(
            csv.reader(
                io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig")), delimiter=";"
            )
        )
        by_name = {row[0]: row for row in rows[1:]}
        assert by_name["Piet (via de begeleider)"][1] == "Netwerken"
        assert by_name["Piet (via de begeleider)"][2] == "Meer mensen kennen"
    finally:
        for client in clients:
            client.close()
        for context in contexts:
            context.close()
