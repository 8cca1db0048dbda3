"""Who does what and who we are looking for in the downloads: the XLSX sheets, the print
pages (facilitator only), and the tasks that fit on each member's result and the report."""

import io

import openpyxl

from session_app.content import COMPETENCIES, TASKS

NAMES = ("Ann", "Bob", "Cas", "Dee")


def choose(central, voter):
    """Ann: courage (3) and networking (2), no task has half of its qualities there.
    Bob, Cas, Dee: networking and teamwork (3 each), 2.4 fits them. Sought: the other 9."""
    if central == "Ann":
        return ("lef", "netwerken") if voter != "Dee" else ("lef", "sensitiviteit")
    return ("netwerken", "samenwerken")


def closed_team(actions, choose=choose, names=NAMES, locale="en"):
    team = actions.team(names, locale=locale)
    team.play_every_round(choose, reasons=lambda voter: "Because.")
    team.confirm_best_duos()
    return team


def assign(team, task, name):
    data = {"task": task, "member_id": team.member(name).member_id}
    assert team.host_act("assign_task", data) == {"ok": True}


def workbook(team, path="duos.xlsx", lang="en"):
    team.hosted.host.set_cookie("lang", lang)
    response = team.hosted.host.get(f"/s/{team.hosted.public_id}/{path}")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.data))


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_who_does_what_sheet_has_every_task_with_its_members(actions):
    team = closed_team(actions)
    assign(team, "2.4", "Cas")
    assign(team, "2.4", "Bob")
    assign(team, "1.1", "Ann")
    rows = values(workbook(team)["Who does what"])
    assert rows[0] == ["Task number", "Task", "Members"]
    assert [row[0] for row in rows[1:]] == [t.key for t in TASKS]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["2.4"] == ["2.4", "Join forces", "Bob, Cas"]
    assert by_key["1.1"] == ["1.1", "Share signals", "Ann"]
    assert by_key["3.1"][2] is None  # an empty cell


def test_the_sought_sheet_has_a_row_per_quality_nobody_is_strong_in(actions):
    team = closed_team(actions)
    for book in (workbook(team), workbook(team, "sought.xlsx")):
        rows = values(book["Who we are looking for"])
        assert rows[0] == ["Quality", "Tasks that need it", "What we ask of a new volunteer"]
        strong = {"lef", "netwerken", "samenwerken"}
        names = [row[0] for row in rows[1:]]
        assert names == [c.name for c in COMPETENCIES if c.key not in strong]
        by_name = {row[0]: row for row in rows[1:]}
        assert by_name["Negotiating"][1] == "2.4, 3.2, 3.4"
        assert by_name["Political insight"][1] == "2.1, 2.4, 3.1, 3.2"
        assert all(len(row[2]) > 30 for row in rows[1:])
    assert workbook(team, "sought.xlsx").sheetnames == ["Who we are looking for"]
    dutch = workbook(team, "sought.xlsx", lang="nl")
    assert dutch.sheetnames == ["Wie zoeken we"]


def everything(central, voter):
    """Six members, each strong in two qualities of their own: the team covers all 12."""
    keys = [c.key for c in COMPETENCIES]
    n = "ABCDEF".index(central[0])
    return (keys[2 * n], keys[2 * n + 1])


def test_a_team_strong_in_everything_is_told_so(actions):
    team = closed_team(actions, everything, ("Ann", "Bea", "Cor", "Dik", "Eef", "Fer"))
    rows = values(workbook(team, "sought.xlsx")["Who we are looking for"])
    assert rows[1:] == [["Someone in the team is strong in every quality.", None, None]]
    text = team.hosted.host.get(f"/s/{team.hosted.public_id}/sought").text
    assert "Someone in the team is strong in every quality." in text
    assert 'class="sought-list"' not in text


def test_the_sought_print_page_is_for_the_host(actions):
    team = closed_team(actions)
    url = f"/s/{team.hosted.public_id}/sought"
    for path in (url, url + ".xlsx"):
        assert team.member("Ann").client.get(path).status_code == 403
        assert actions.new_client().get(path).status_code == 403
    text = team.hosted.host.get(url).text
    assert text.count("<h2>") == 9
    assert "<h2>Negotiating</h2>" in text
    assert "Needed for: 2.4 Join forces, 3.2 Act inside the official route" in text


def test_who_does_what_is_on_the_printable_team_picture(actions):
    team = closed_team(actions)
    assign(team, "2.4", "Bob")
    text = team.hosted.host.get(f"/s/{team.hosted.public_id}/picture").text
    assert "<h2>Who does what</h2>" in text
    assert "<td>2.4</td><td>Join forces</td><td>Bob</td>" in text
    assert text.count("<td>nobody yet") == 0  # the hint is a span
    assert text.count('<span class="hint">nobody yet</span>') == 12


def test_a_members_result_and_the_report_say_which_tasks_fit(actions):
    team = closed_team(actions)
    assign(team, "4.1", "Bob")
    base = f"/s/{team.hosted.public_id}"
    bob = team.member("Bob").client.get(f"{base}/me/result").text
    assert "Tasks that fit you" in bob
    assert '<span class="task-number">2.4</span> Join forces' in bob
    assert "For this task you need: networking, teamwork." in bob
    assert "4.1 Look back and decide" in bob  # the task the team gave Bob
    # Ann is strong in two qualities, but no task asks mostly for them: encouraging words.
    ann = team.member("Ann").client.get(f"{base}/me/result").text
    assert "No task asks mostly for that." in ann and "courage, networking" in ann
    ann_text = team.member("Ann").client.get(f"{base}/me/result.txt").text
    assert "Tasks that fit you" in ann_text and "No task asks mostly for that." in ann_text
    report = team.hosted.host.get(f"{base}/report").text
    assert "2.4 Join forces (strong in 2 of 4: Networking, Teamwork)" in report
    assert "Tasks in the team:</strong> 4.1 Look back and decide" in report


def test_a_member_strong_in_nothing_gets_encouraging_words(actions):
    def one_vote_each(central, voter):
        pairs = {"Ann": ("lef", "netwerken"), "Bob": ("creativiteit", "onderhandelen")}
        return pairs.get(voter, ("zelfreflectie", "samenwerken"))

    team = closed_team(actions, one_vote_each, ("Ann", "Bob", "Cas"))
    page = team.member("Cas").client.get(f"/s/{team.hosted.public_id}/me/result").text
    assert "No quality was chosen for you by two teammates yet." in page
    assert 'class="fitting-list"' not in page
