"""The team picture in the downloads: the XLSX sheets read back with openpyxl and hold the
answers given; the printable team picture holds the map and every task."""

import io

import openpyxl
import pytest

from session_app.content import COMPETENCIES, TASKS

NAMES = ("Ann", "Bob", "Cas", "Dee")


def choose(central, voter):
    if central == "Ann":
        return ("lef", "netwerken") if voter != "Dee" else ("lef", "sensitiviteit")
    return ("netwerken", "samenwerken")


def closed_team(actions, *, show_names=True):
    team = actions.team(NAMES, show_names=show_names)
    # A reason that looks like a formula: the sheets keep it as text.
    team.play_every_round(choose, lambda voter: (f'=HYPERLINK("x") {voter}', f"{voter} saw it."))
    team.confirm_best_duos()
    return team


def workbook(team, lang="en"):
    team.hosted.host.set_cookie("lang", lang)
    response = team.hosted.host.get(f"/s/{team.hosted.public_id}/duos.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.data))


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_team_sheet_has_the_counts_as_numbers(actions):
    book = workbook(closed_team(actions))
    assert book.sheetnames[1:] == [
        "Team",
        "Reasons",
        "Tasks",
        "Who does what",
        "Who we are looking for",
    ]
    rows = values(book["Team"])
    assert rows[0] == ["Member", *(c.name for c in COMPETENCIES)]
    by_name = {row[0]: dict(zip(rows[0][1:], row[1:], strict=True)) for row in rows[1:]}
    assert list(by_name) == list(NAMES)
    ann = by_name["Ann"]
    assert (ann["Courage"], ann["Networking"], ann["Sensitivity"], ann["Teamwork"]) == (3, 2, 1, 0)
    assert by_name["Bob"]["Networking"] == 3 and by_name["Bob"]["Teamwork"] == 3
    assert all(isinstance(n, int) for row in rows[1:] for n in row[1:])


@pytest.mark.parametrize("show_names", [True, False])
def test_the_reasons_sheet_has_every_reason_and_the_writer_only_when_shown(actions, show_names):
    team = closed_team(actions, show_names=show_names)
    sheet = workbook(team)["Reasons"]
    rows = values(sheet)
    assert rows[0] == ["Member", "Quality", "Reason"] + (["Written by"] if show_names else [])
    s = team.load()
    given = sorted(p.reason for r in s.rounds for p in r.picks)
    assert sorted(row[2] for row in rows[1:]) == given
    assert len(rows) - 1 == 4 * 3 * 2
    for row in rows[1:]:
        if show_names:  # the writer's name is in the reasons this test wrote
            assert row[3] in row[2]
        assert row[0] in NAMES
    # Text that looks like a formula stays text.
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert {cell.data_type for cell in cells} == {"s"}
    assert any(cell.quotePrefix for cell in cells)


def test_the_tasks_sheet_says_who_covers_each_task(actions):
    book = workbook(closed_team(actions), lang="nl")
    assert book.sheetnames[1:] == ["Team", "Redenen", "Taken", "Wie doet wat", "Wie zoeken we"]
    rows = values(book["Taken"])
    assert len(rows) == 1 + len(TASKS)
    by_task = {row[1].split(" ")[0]: row for row in rows[1:]}
    assert list(by_task) == [t.key for t in TASKS]
    core, task, qualities, strong, covered = by_task["2.4"]
    assert core == "2 Strategie en plan"
    assert task == "2.4 Samenwerking zoeken"
    assert qualities == "Onderhandelen, Netwerken, Samenwerken, Politiek/bestuurlijk inzicht"
    assert strong.split("\n") == [
        "Onderhandelen: nog niemand",
        "Netwerken: Ann, Bob, Cas, Dee",
        "Samenwerken: Bob, Cas, Dee",
        "Politiek/bestuurlijk inzicht: nog niemand",
    ]
    assert covered == "2 van 4 aanwezig"


def test_the_printable_team_picture_is_for_the_host(actions):
    team = closed_team(actions)
    url = f"/s/{team.hosted.public_id}/picture"
    assert team.member("Ann").client.get(url).status_code == 403
    assert actions.new_client().get(url).status_code == 403
    text = team.hosted.host.get(url).text
    assert text.count('<th scope="row" class="map-member">') == 4
    assert text.count('class="cycle-task') == 13
    assert "2 of 4 covered" in text
    assert "Negotiating: <strong>nobody yet</strong>" in text
