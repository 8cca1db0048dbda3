"""The four core tasks of collective advocacy, in a cycle, with their 13 tasks and the
competencies each task needs.

The links between tasks and competencies are facts from the profile's appendix ("Bijlage 1").
The appendix numbers the four tasks of core task 2 in another order than chapter 1; we use
chapter 1's numbers and matched the appendix rows by their description (``appendix``
keeps the appendix's number). Titles and descriptions are our own plain wording (English
msgids; Dutch lives in the .po file).
"""

from dataclasses import dataclass

from .competencies import BY_KEY, N_


@dataclass(frozen=True)
class CoreTask:
    key: str  # stable ascii key
    number: int  # 1..4, the order of the cycle
    name: str  # English msgid, marked with N_()
    description: str  # English msgid: one short sentence


@dataclass(frozen=True)
class Task:
    key: str  # "1.1" .. "4.1", numbered as in chapter 1
    core: str  # key of its core task
    appendix: str  # its number in the appendix table
    title: str  # English msgid: a few words, for the picture of the cycle
    description: str  # English msgid: one or two short sentences
    competencies: tuple[str, ...]  # competency keys, in the profile's order


CORE_TASKS: tuple[CoreTask, ...] = (
    CoreTask(
        "signaleren",
        1,
        N_("Spotting problems"),
        N_("Find out what goes wrong for the people you speak up for."),
    ),
    CoreTask(
        "strategie",
        2,
        N_("Strategy and plan"),
        N_("Decide together what you want to reach, and how."),
    ),
    CoreTask(
        "uitvoering",
        3,
        N_("Taking action"),
        N_("Do what you planned, inside and outside the official meetings."),
    ),
    CoreTask(
        "evaluatie", 4, N_("Looking back"), N_("Check what worked, and decide what else is needed.")
    ),
)


def _ordered(*keys: str) -> tuple[str, ...]:
    return tuple(sorted(keys, key=lambda k: BY_KEY[k].number))


TASKS: tuple[Task, ...] = (
    Task(
        "1.1",
        "signaleren",
        "1.1",
        N_("Share signals"),
        N_(
            "Talk with the people you speak up for about what you hear. "
            "Check if more people have the same problem."
        ),
        _ordered("signaleren", "communicatie", "netwerken"),
    ),
    Task(
        "1.2",
        "signaleren",
        "1.2",
        N_("Follow the news"),
        N_("Keep up with news, policy and politics. Tell each other what you learn."),
        _ordered("signaleren", "sensitiviteit", "communicatie", "samenwerken"),
    ),
    Task(
        "1.3",
        "signaleren",
        "1.3",
        N_("Map the problems"),
        N_("Collect problems in several ways: a panel, a website, a newsletter."),
        _ordered("signaleren", "sensitiviteit", "communicatie", "creativiteit", "netwerken"),
    ),
    Task(
        "2.1",
        "strategie",
        "2.3",
        N_("Choose goals together"),
        N_("Agree together on what you want to change, and where you stand."),
        _ordered("politiek_inzicht", "sensitiviteit", "creativiteit", "samenwerken"),
    ),
    Task(
        "2.2",
        "strategie",
        "2.4",
        N_("Make a plan together"),
        N_("Work out a plan: an advice, a creative action or a political step."),
        _ordered("lef", "creativiteit", "samenwerken", "zelfreflectie"),
    ),
    Task(
        "2.3",
        "strategie",
        "2.2",
        N_("Find the right people"),
        N_("Choose who in your own group fits a job, or ask an expert from outside."),
        _ordered("signaleren", "communicatie", "netwerken", "samenwerken", "zelfreflectie"),
    ),
    Task(
        "2.4",
        "strategie",
        "2.1",
        N_("Join forces"),
        N_("Look for allies inside and outside your group, so you stand stronger."),
        _ordered("onderhandelen", "politiek_inzicht", "netwerken", "samenwerken"),
    ),
    Task(
        "3.1",
        "uitvoering",
        "3.1",
        N_("Act outside the official route"),
        N_("Draw attention in your own way, for example with a playful action."),
        _ordered("lef", "creativiteit", "overtuigingskracht", "netwerken", "politiek_inzicht"),
    ),
    Task(
        "3.2",
        "uitvoering",
        "3.2",
        N_("Act inside the official route"),
        N_("Give advice and have your say where the decisions are made."),
        _ordered(
            "onderhandelen",
            "overtuigingskracht",
            "politiek_inzicht",
            "zelfreflectie",
            "stressbestendigheid",
        ),
    ),
    Task(
        "3.3",
        "uitvoering",
        "3.3",
        N_("More say for clients"),
        N_("Help people get more say, for example in the place where they get care."),
        _ordered("signaleren", "sensitiviteit", "communicatie", "overtuigingskracht", "netwerken"),
    ),
    Task(
        "3.4",
        "uitvoering",
        "3.4",
        N_("Make advocacy stronger"),
        N_("Help advocates learn more and give them a stronger place."),
        _ordered(
            "onderhandelen",
            "overtuigingskracht",
            "netwerken",
            "zelfreflectie",
            "stressbestendigheid",
        ),
    ),
    Task(
        "3.5",
        "uitvoering",
        "3.5",
        N_("Inform, teach, research"),
        N_("Tell others about your group, give training, or help with research."),
        _ordered(
            "communicatie", "lef", "overtuigingskracht", "zelfreflectie", "stressbestendigheid"
        ),
    ),
    Task(
        "4.1",
        "evaluatie",
        "4.1",
        N_("Look back and decide"),
        N_("Check if you reached your goal, and decide if more is needed."),
        _ordered(
            "signaleren", "sensitiviteit", "samenwerken", "zelfreflectie", "stressbestendigheid"
        ),
    ),
)

TASK_BY_KEY: dict[str, Task] = {t.key: t for t in TASKS}
CORE_BY_KEY: dict[str, CoreTask] = {c.key: c for c in CORE_TASKS}


def tasks_needing(competency: str) -> tuple[Task, ...]:
    """The tasks that need a competency, in the order of the cycle."""
    return tuple(t for t in TASKS if competency in t.competencies)
