"""Easy-read ("Makkelijk lezen"): each quality said in very plain words (our own wording,
English msgids; Dutch lives in the .po file).

Rules for these texts (a test checks them in both languages): sentences of at most 15 words
and 10 on average, and only common words (``wordfreq`` Zipf ≥ 3.5) besides the quality
names and the few words of ``GLOSSARY``.
"""

from session_app.content.competencies import N_

EASY_DESCRIPTIONS: dict[str, str] = {
    "signaleren": N_("You see what goes wrong for people. You find out why."),
    "sensitiviteit": N_(
        "You feel what a new rule means for people. You know when to say something."
    ),
    "communicatie": N_("People understand you well. You talk and write in clear words."),
    "lef": N_("You dare to do new things. Also when it is scary."),
    "creativiteit": N_("You think of new ideas. You find other ways to fix a problem."),
    "onderhandelen": N_(
        "You talk with the other side. Together you make a deal that is good for both."
    ),
    "overtuigingskracht": N_(
        "You can get others to agree with you. You tell good reasons and true stories."
    ),
    "netwerken": N_("You know a lot of people. You stay in touch with them."),
    "samenwerken": N_("You work well with others. You help your team."),
    "zelfreflectie": N_("You look back at what you did. You learn from it."),
    "stressbestendigheid": N_("You stay calm when things get hard. You do not give up."),
    "politiek_inzicht": N_("You know how politics works. You know who decides."),
}

# Words an easy text may use although they are not common, because the page shows what they
# mean: the card's own name stands above what it holds, the self-check page is called
# "Zelftest" at its top, and Teamkracht is the app's name on every page.
GLOSSARY: frozenset[str] = frozenset(
    {"kwaliteitenkaart", "kwaliteitenkaarten", "zelftest", "zelftests", "teamkracht"}
)
