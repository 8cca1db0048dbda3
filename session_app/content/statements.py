"""The self-check: four statements per competency, in the "I" form, and the answer scale.

The structure (4 statements per competency, a 4-point scale, the two lowest answers being
learning points) is a fact from the competency profile. The statements themselves are our
own plain-language wording (English msgids; Dutch lives in the .po file); a unit test checks
that no run of four words is copied from the source text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .competencies import BY_KEY, N_

STATEMENTS_PER_COMPETENCY = 4


@dataclass(frozen=True)
class Answer:
    key: str  # stable ascii key, stored and sent
    label: str  # English msgid, marked with N_()
    fits: bool  # True: the statement suits you; False: a learning point


SCALE: tuple[Answer, ...] = (
    Answer("very_true", N_("very true"), True),
    Answer("mostly_true", N_("mostly true"), True),
    Answer("a_bit_true", N_("a bit true"), False),
    Answer("not_true", N_("not true"), False),
)
SCALE_KEYS: tuple[str, ...] = tuple(a.key for a in SCALE)
LEARNING_POINT_KEYS: frozenset[str] = frozenset(a.key for a in SCALE if not a.fits)


STATEMENTS: dict[str, tuple[str, ...]] = {
    "signaleren": (
        N_("I look at the facts first. Only then do I form an opinion."),
        N_("I ask more questions until something is clear."),
        N_("I notice when several people complain about the same thing."),
        N_("I ask others if they see the same problem."),
    ),
    "sensitiviteit": (
        N_("I can imagine how another person feels."),
        N_("I notice when the problem of one person also affects many others."),
        N_("I see what a new rule of the municipality means for people."),
        N_("I know when it is a good moment to bring something up."),
    ),
    "communicatie": (
        N_("I let others finish talking and I really listen."),
        N_("I can write down clearly why I think something."),
        N_("I am easy to reach for people who need me."),
        N_("I understand the difficult words of officials, or I ask what they mean."),
    ),
    "lef": (
        N_("I like to do things differently from what we are used to."),
        N_("I quickly think of something else when a plan fails."),
        N_("I dare to try something new, even if it can go wrong."),
        N_("I use a joke to get things moving."),
    ),
    "creativiteit": (
        N_("I often think of new ways to do something."),
        N_("I make people enthusiastic by showing what they are good at."),
        N_("I ask surprising questions, so that people start to think differently."),
        N_("I like to share a good idea with the newspaper or the radio."),
    ),
    "onderhandelen": (
        N_("I know who to talk to in order to get something done for our group."),
        N_("I come up with solutions that the other side can also say yes to."),
        N_("I know before a meeting on which points I can give in."),
        N_("I list what is good and what is less good about a plan."),
    ),
    "overtuigingskracht": (
        N_("I prepare well and I know what our group wants."),
        N_("I do this work because it really matters to me."),
        N_("I tell a real story from our group at the right moment."),
        N_("I can explain what new policy means in daily life."),
    ),
    "netwerken": (
        N_("I keep in touch with the people we speak up for, and I pass on news."),
        N_("I make sure I know politicians, managers and officials."),
        N_("I talk to new people at meetings."),
        N_("I answer calls and messages quickly."),
    ),
    "samenwerken": (
        N_("I put other members in touch with people I know."),
        N_("I ask others for their ideas and I build on them."),
        N_("I do my part of the work we do together."),
        N_("I tell my teammates what help I want for my task."),
    ),
    "zelfreflectie": (
        N_("I put my own story aside when I speak up for others."),
        N_("I use what I went through myself in this work."),
        N_("I know what I am good at and what I find hard."),
        N_("I can say what I find interesting and important."),
    ),
    "stressbestendigheid": (
        N_("I keep going when things get hard."),
        N_("I tell my teammates when it gets too much for me."),
        N_("I know that change takes time. I stay patient."),
        N_("I stay calm when there is little time or when things get tense."),
    ),
    "politiek_inzicht": (
        N_("I know well what is going on where I speak up for people."),
        N_("I know how the municipality works: the officials and the council."),
        N_("I notice when people want different things."),
        N_("I know many ways to have a say in a decision."),
    ),
}


@dataclass(frozen=True)
class Statement:
    competency: str
    index: int  # 0..3 within its competency
    text: str  # English msgid


ALL_STATEMENTS: tuple[Statement, ...] = tuple(
    Statement(key, i, text) for key in BY_KEY for i, text in enumerate(STATEMENTS[key])
)
