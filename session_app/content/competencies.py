"""The 12 competencies of a collective advocate, in the order of the profile.

Names and numbers are facts from the competency profile. The descriptions are
our own plain-language wording (English msgids; Dutch lives in the .po file).
"""

from dataclasses import dataclass


def N_(text: str) -> str:
    """Mark a string for translation; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class Competency:
    key: str  # stable ascii key
    number: int  # 1..12, order as in the profile
    name: str  # English msgid, marked with N_()
    description: str  # English msgid, marked with N_(): one or two short sentences


COMPETENCIES: tuple[Competency, ...] = (
    Competency(
        key="signaleren",
        number=1,
        name=N_("Spotting and analysing"),
        description=N_(
            "You notice what goes wrong for people. You find out why and collect the facts."
        ),
    ),
    Competency(
        key="sensitiviteit",
        number=2,
        name=N_("Sensitivity"),
        description=N_(
            "You sense what new policy and changes in society mean for people's own lives. "
            "You pick the right moment and the right person to raise it."
        ),
    ),
    Competency(
        key="communicatie",
        number=3,
        name=N_("Communication"),
        description=N_(
            "Others understand well what you say and write. "
            "You choose words that suit the person in front of you."
        ),
    ),
    Competency(
        key="lef",
        number=4,
        name=N_("Courage"),
        description=N_("You dare to try something, even when you do not know how it will end."),
    ),
    Competency(
        key="creativiteit",
        number=5,
        name=N_("Creativity"),
        description=N_("You think of new ideas and other ways to solve a problem."),
    ),
    Competency(
        key="onderhandelen",
        number=6,
        name=N_("Negotiating"),
        description=N_("You work with the other side towards a deal that you can both accept."),
    ),
    Competency(
        key="overtuigingskracht",
        number=7,
        name=N_("Persuasiveness"),
        description=N_(
            "You win people over with good reasons and real stories. You know what the other "
            "side wants. That is how you build support, step by step."
        ),
    ),
    Competency(
        key="netwerken",
        number=8,
        name=N_("Networking"),
        description=N_(
            "You keep in touch with the people you speak for. You also get to know people "
            "outside who can help, and you stay in touch with them."
        ),
    ),
    Competency(
        key="samenwerken",
        number=9,
        name=N_("Teamwork"),
        description=N_(
            "You work with others towards one goal, also when it brings you nothing yourself. "
            "You help your teammates where you can."
        ),
    ),
    Competency(
        key="zelfreflectie",
        number=10,
        name=N_("Self-reflection"),
        description=N_(
            "You look back at what you did and learn from it. You use what you have been "
            "through yourself. You know what you want to get better at."
        ),
    ),
    Competency(
        key="stressbestendigheid",
        number=11,
        name=N_("Resilience"),
        description=N_(
            "You stay calm when things get tense or hard. "
            "You keep going, even when it takes a long time."
        ),
    ),
    Competency(
        key="politiek_inzicht",
        number=12,
        name=N_("Political insight"),
        description=N_("You understand how politics and boards work: who decides, and how."),
    ),
)

BY_KEY: dict[str, Competency] = {c.key: c for c in COMPETENCIES}
