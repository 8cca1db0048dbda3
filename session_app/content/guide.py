"""Texts of the facilitator's guide: the opening slide and the practice session's examples.

Our own words (English msgids; the Dutch is in the .po file), plain B1.
"""

from .competencies import N_

# The opening slide: what the exercise is, in three short sentences.
OPENING_SENTENCES = (
    N_("Today we look at what each of us is good at."),
    N_("In every round, the team chooses two qualities for one person and says why."),
    N_(
        "At the end, everyone picks one thing to learn and forms a duo with someone who is "
        "good at it."
    ),
)

# One short line per quality, short enough to read from the back of the room.
OPENING_LINES = {
    "signaleren": N_("sees what goes wrong, and why"),
    "sensitiviteit": N_("feels what others need"),
    "communicatie": N_("speaks and writes clearly"),
    "lef": N_("dares to try"),
    "creativiteit": N_("finds new ways"),
    "onderhandelen": N_("makes a deal both sides accept"),
    "overtuigingskracht": N_("wins people over"),
    "netwerken": N_("knows who can help"),
    "samenwerken": N_("works well with others"),
    "zelfreflectie": N_("learns from what happened"),
    "stressbestendigheid": N_("stays calm under pressure"),
    "politiek_inzicht": N_("knows who decides, and how"),
}

# The example members of a practice session (first names, the same in both languages).
EXAMPLE_NAMES = ("Anouk", "Bas", "Fatima", "Henk")

# What an example member writes when they choose a quality for someone.
EXAMPLE_REASONS = {
    "signaleren": N_(
        "You hear what people in the neighbourhood struggle with, and you write it down."
    ),
    "sensitiviteit": N_("You notice when someone is not at ease, and you ask about it."),
    "communicatie": N_("When you explain something, everybody gets it."),
    "lef": N_("At the meeting with the alderman, you asked the hard question."),
    "creativiteit": N_("You came up with the walk-in hour at the library."),
    "onderhandelen": N_("You stay calm and look for what both sides want."),
    "overtuigingskracht": N_("Your story about the bus stop made the council listen."),
    "netwerken": N_("You know someone at every organisation in town."),
    "samenwerken": N_("You share the work and help when someone is stuck."),
    "zelfreflectie": N_("You say it honestly when something went wrong, and you learn from it."),
    "stressbestendigheid": N_("Even with a deadline tomorrow, you stay calm and friendly."),
    "politiek_inzicht": N_("You know who decides what at the town hall, and when."),
}

# Why an example member wants to get better at their goal.
EXAMPLE_GOAL_REASONS = (
    N_("I find this hard. I want to practise it."),
    N_("This would help me in our meetings."),
    N_("I want to feel surer about this."),
)
