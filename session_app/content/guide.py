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
    "signaleren": (
        N_("You hear what people in the neighbourhood struggle with, and you write it down."),
        N_("You saw first that the new rules hit people with a small income."),
        N_("You keep asking until you know what the real problem is."),
    ),
    "sensitiviteit": (
        N_("You notice when someone is not at ease, and you ask about it."),
        N_("When I was quiet last time, you came to sit next to me."),
        N_("You feel what is going on in the group before anybody says it."),
    ),
    "communicatie": (
        N_("When you explain something, everybody gets it."),
        N_("Your letters are short and clear. People read them to the end."),
        N_("You listen first, and then you say what you think."),
    ),
    "lef": (
        N_("At the meeting with the alderman, you asked the hard question."),
        N_("You spoke on the radio, even though you were nervous."),
        N_("You say no when something is not right, also to the board."),
    ),
    "creativiteit": (
        N_("You came up with the walk-in hour at the library."),
        N_("When we were stuck, you had three new ideas the next day."),
        N_("You made a game of the survey, so more people joined in."),
    ),
    "onderhandelen": (
        N_("You stay calm and look for what both sides want."),
        N_("You got the council to keep the bus on Sundays."),
        N_("You know when to give a little, and when to hold on."),
    ),
    "overtuigingskracht": (
        N_("Your story about the bus stop made the council listen."),
        N_("You brought the facts, and then they agreed with us."),
        N_("After your talk, five new members signed up."),
    ),
    "netwerken": (
        N_("You know someone at every organisation in town."),
        N_("You always know whom we can call."),
        N_("At every meeting you talk to someone new, and you stay in touch."),
    ),
    "samenwerken": (
        N_("You share the work and help when someone is stuck."),
        N_("You make sure everybody has a part in the plan."),
        N_("You take over my tasks when I am ill, without a fuss."),
    ),
    "zelfreflectie": (
        N_("You say it honestly when something went wrong, and you learn from it."),
        N_("You ask us what you could do better."),
        N_("After each meeting you think about what went well and what did not."),
    ),
    "stressbestendigheid": (
        N_("Even with a deadline tomorrow, you stay calm and friendly."),
        N_("When the meeting got loud, you kept calm."),
        N_("You keep going when it is busy, and you still take care of yourself."),
    ),
    "politiek_inzicht": (
        N_("You know who decides what at the town hall, and when."),
        N_("You knew which party we had to talk to first."),
        N_("You read the council papers and tell us what matters for us."),
    ),
}

# Why an example member wants to get better at their goal.
EXAMPLE_GOAL_REASONS = (
    N_("I find this hard. I want to practise it."),
    N_("This would help me in our meetings."),
    N_("I want to feel surer about this."),
)
