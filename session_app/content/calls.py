"""Per quality, a line for a call for new volunteers ("who we are looking for").

Our own plain wording, written for an advert or a newsletter: what the team asks of a new
volunteer who brings this quality. English msgids; Dutch lives in the .po file.
"""

from .competencies import N_

CALLS: dict[str, str] = {
    "signaleren": N_(
        "You notice quickly when something goes wrong for people. "
        "You ask questions and find out what is behind it."
    ),
    "sensitiviteit": N_(
        "You feel what a new rule or change means for people's daily life. "
        "You know when and to whom to say it."
    ),
    "communicatie": N_(
        "You listen well and explain things in plain words, "
        "to our members and to the people who decide."
    ),
    "lef": N_("You dare to speak up and to try something new, also when the outcome is unsure."),
    "creativiteit": N_("You come up with new ideas and other ways to reach our goal."),
    "onderhandelen": N_(
        "You like to talk with the other side until there is a deal that works for both."
    ),
    "overtuigingskracht": N_("You can win people over with good arguments and a clear story."),
    "netwerken": N_("You easily make contact with new people and keep in touch with them."),
    "samenwerken": N_("You like working in a team. You share what you know and help others."),
    "zelfreflectie": N_(
        "You look back at how things went, and you learn from it. Also from your own mistakes."
    ),
    "stressbestendigheid": N_("You stay calm when things get busy or tense, and you keep going."),
    "politiek_inzicht": N_(
        "You understand how a council, a board or politics works: who decides what, and when."
    ),
}
