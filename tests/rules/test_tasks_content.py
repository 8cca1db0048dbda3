"""The tasks of the advocacy cycle match the profile's appendix table ("Bijlage 1")."""

from session_app.content import BY_KEY, CORE_TASKS, TASK_BY_KEY, TASKS, tasks_needing

# The appendix table as printed: its own numbers, the profile's competency numbers.
APPENDIX = {
    "1.1": {1, 3, 8},
    "1.2": {1, 2, 3, 9},
    "1.3": {1, 2, 3, 5, 8},
    "2.1": {6, 12, 8, 9},  # coalitions inside and outside: chapter 1's task 2.4
    "2.2": {1, 3, 8, 9, 10},  # outside experts / who of us fits: chapter 1's 2.3
    "2.3": {12, 2, 5, 9},  # set the intended effects together: chapter 1's 2.1
    "2.4": {4, 5, 9, 10},  # work together on a plan: chapter 1's 2.2
    "3.1": {4, 5, 7, 8, 12},
    "3.2": {6, 7, 12, 10, 11},
    "3.3": {1, 2, 3, 7, 8},
    "3.4": {6, 7, 8, 10, 11},
    "3.5": {3, 4, 7, 10, 11},
    "4.1": {1, 2, 9, 10, 11},
}
# Chapter 1 number -> appendix number, matched by the description of the task.
CHAPTER_TO_APPENDIX = {"2.1": "2.3", "2.2": "2.4", "2.3": "2.2", "2.4": "2.1"}


def numbers(task) -> set[int]:
    return {BY_KEY[key].number for key in task.competencies}


def test_every_task_needs_the_competencies_of_its_appendix_row():
    assert len(TASKS) == 13
    for task in TASKS:
        row = CHAPTER_TO_APPENDIX.get(task.key, task.key)
        assert task.appendix == row
        assert numbers(task) == APPENDIX[row], task.key


def test_core_task_2_is_matched_by_description_not_number():
    # Chapter 1's 2.1 is about the intended effects; the appendix lists that as its 2.3.
    assert numbers(TASK_BY_KEY["2.1"]) == {12, 2, 5, 9}
    assert numbers(TASK_BY_KEY["2.4"]) == {6, 12, 8, 9}


def test_networking_is_needed_for_seven_tasks_as_in_the_table():
    assert [t.key for t in tasks_needing("netwerken")] == [
        "1.1",
        "1.3",
        "2.3",
        "2.4",
        "3.1",
        "3.3",
        "3.4",
    ]


def test_negotiating_is_needed_for_three_tasks():
    assert [t.key for t in tasks_needing("onderhandelen")] == ["2.4", "3.2", "3.4"]


def test_four_core_tasks_in_the_order_of_the_cycle_with_their_tasks():
    assert [c.key for c in CORE_TASKS] == ["signaleren", "strategie", "uitvoering", "evaluatie"]
    per_core = {c.key: [t.key for t in TASKS if t.core == c.key] for c in CORE_TASKS}
    assert per_core == {
        "signaleren": ["1.1", "1.2", "1.3"],
        "strategie": ["2.1", "2.2", "2.3", "2.4"],
        "uitvoering": ["3.1", "3.2", "3.3", "3.4", "3.5"],
        "evaluatie": ["4.1"],
    }


def test_competencies_are_listed_in_the_profiles_order():
    for task in TASKS:
        order = [BY_KEY[key].number for key in task.competencies]
        assert order == sorted(order)
