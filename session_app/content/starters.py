"""Sentence starters for a reason: one tap puts the start of a sentence in the reason
field, the member finishes it in their own words. Our own wording (English msgids; Dutch
in the .po file). The general one comes first for every quality."""

from .competencies import COMPETENCIES, N_

GENERAL = N_("I saw that you …")

BY_KEY: dict[str, tuple[str, ...]] = {
    "signaleren": (N_("You quickly notice when …"), N_("You kept asking until …")),
    "sensitiviteit": (
        N_("You understood what it means for people when …"),
        N_("You chose the right moment when …"),
    ),
    "communicatie": (N_("You explained clearly how …"), N_("You listen well when …")),
    "lef": (N_("You dared to …"), N_("You said out loud that …")),
    "creativiteit": (N_("You came up with …"), N_("You found another way to …")),
    "onderhandelen": (N_("You held on until …"), N_("You found a middle way when …")),
    "overtuigingskracht": (
        N_("You got others on your side when …"),
        N_("You had good arguments about …"),
    ),
    "netwerken": (N_("You know whom to ask about …"), N_("You put people in touch with …")),
    "samenwerken": (
        N_("You helped someone, even though …"),
        N_("You work well with others when …"),
    ),
    "zelfreflectie": (N_("You use your own experience with …"), N_("You said honestly that …")),
    "stressbestendigheid": (N_("You stayed calm when …"), N_("You carried on when …")),
    "politiek_inzicht": (
        N_("You understand how the municipality …"),
        N_("You knew the right moment to …"),
    ),
}

assert set(BY_KEY) == {c.key for c in COMPETENCIES}  # noqa: S101 - a typo fails at import


def starters(key: str) -> tuple[str, ...]:
    """The starters of one quality (English msgids), the general one first."""
    return (GENERAL, *BY_KEY[key])
