"""Texts the browser pages render themselves, translated on the server per request.

The pages get them as JSON (``page-data``); ``%(name)s`` placeholders are filled in by
``static/js/live.js``. Keys ending in ``_one`` / ``_other`` are picked by a count.
"""

from __future__ import annotations

from flask_babel import gettext

from session_app.content import N_

COMMON = {
    "connection_closed": N_("The connection was closed. Reload the page to go on."),
    "reconnecting": N_("Connection lost. Reconnecting…"),
    "session_gone": N_("This session no longer exists."),
    "not_allowed": N_("You are no longer part of this session. Ask the facilitator."),
    "to_start": N_("Go to the start page"),
    "alone_in_group": N_("%(name)s has no partner yet."),
    "offline_send": N_("Not sent: there is no connection. Try again in a moment."),
    "votes_one": N_("%(n)d vote"),
    "votes_other": N_("%(n)d votes"),
    "no_answers": N_("Nobody has answered in this round."),
    "no_goal": N_("%(name)s has not chosen a goal."),
    "coach_reason_one": N_(
        "%(name)s wants to get better at %(goal)s. %(coach)s got 1 vote for it."
    ),
    "coach_reason_other": N_(
        "%(name)s wants to get better at %(goal)s. %(coach)s got %(n)d votes for it."
    ),
    "no_coach": N_(
        "%(name)s wants to get better at %(goal)s, but nobody in the team got votes for it. "
        "Idea: choose another goal together, or look for a coach outside the team."
    ),
    "no_coach_group": N_(
        "%(name)s wants to get better at %(goal)s, but nobody in this group got votes for it. "
        "Others in the team did."
    ),
    "round_of": N_("Round %(number)d of %(total)d"),
    "question": N_("Which two qualities fit %(name)s?"),
    "progress": N_("%(answered)d of %(total)d have answered"),
    "answered": N_("answered"),
    "not_answered": N_("not answered yet"),
    "revealed_title": N_("What the team chose for %(name)s"),
    "anonymous": N_("anonymous"),
    "lobby_title": N_("Join on your phone"),
    "join_steps": N_("Scan the QR code, or go to the address below and type the code."),
    "code_label": N_("Code"),
    "members_joined_one": N_("%(n)d member has joined"),
    "members_joined_other": N_("%(n)d members have joined"),
    "nobody_yet": N_("Nobody has joined yet."),
    "between_rounds": N_("Get ready for the next round."),
    "development_title": N_("What do you want to get better at?"),
    "development_progress": N_("%(done)d of %(total)d have chosen"),
    "chosen": N_("chosen"),
    "not_chosen": N_("not chosen yet"),
    "duos_title": N_("The duos"),
    "duos_draft": N_("These duos are a proposal. The facilitator can still change them."),
    "duos_final": N_("These are the final duos."),
    "closed_title": N_("The session is done. Thank you all!"),
    "join_late": N_("Join late? Code: %(code)s"),
    "page_of": N_("Part %(page)d of %(pages)d"),
    # Coach mode: a coach for everyone instead of duos.
    "coaching_title": N_("A coach for everyone"),
    "coaching_draft": N_("This is a proposal. The facilitator can still change it."),
    "coaching_final": N_("These are the final coaches."),
    "learns_from_one": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s (1 vote for it)."
    ),
    "learns_from_other": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s "
        "(%(n)d votes for it)."
    ),
    "learns_from_zero": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s. "
        "Nobody in the team got votes for it."
    ),
    "learns_from_elsewhere": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s, who got no "
        "votes for it. Others in the team did."
    ),
    "learns_from_no_goal": N_("%(name)s has not chosen a goal and learns from %(coach)s."),
    "no_coach_yet": N_("%(name)s has no coach yet."),
}

SCREEN = {
    "fullscreen": N_("Full screen"),
    "exit_fullscreen": N_("Leave full screen"),
}

HOST = {
    "members_title": N_("Members"),
    "remove": N_("Remove %(name)s"),
    "remove_confirm": N_("Remove %(name)s from the session? Their answers will be deleted."),
    "joining_open": N_("New members can join."),
    "joining_closed": N_("Joining is closed."),
    "close_joining": N_("Close joining"),
    "open_joining": N_("Open joining"),
    "order_title": N_("Order of the rounds"),
    "order_help": N_("Each member has one round. You can change the order of rounds that "
                     "have not started."),
    "shuffle": N_("Shuffle the order"),
    "move_up": N_("Move %(name)s up"),
    "move_down": N_("Move %(name)s down"),
    "state_pending": N_("waiting"),
    "state_open": N_("now"),
    "state_revealed": N_("done"),
    "start_rounds": N_("Start the rounds"),
    "need_two": N_("At least two members must join before the rounds can start."),
    "reveal": N_("Show the answers (R)"),
    "next_round": N_("Next round (N)"),
    "skip_round": N_("Skip, come back later"),
    "start_development": N_("Go to the development step"),
    "rounds_left_one": N_("%(n)d round has not been done yet. Go on anyway?"),
    "rounds_left_other": N_("%(n)d rounds have not been done yet. Go on anyway?"),
    "no_round": N_("There is no open round."),
    "start_pairing": N_("Make the duos"),
    "pairing_missing_one": N_("%(n)d member has not chosen yet. Make the duos anyway?"),
    "pairing_missing_other": N_("%(n)d members have not chosen yet. Make the duos anyway?"),
    "also_strong": N_("Also strong in this: %(names)s"),
    "move_to": N_("Move %(name)s to"),
    "move_to_group": N_("Move to another group"),
    "swap_with": N_("Swap places with"),
    "swap_option": N_("Swap with %(name)s"),
    "group_n": N_("Group %(n)d"),
    "new_group": N_("a new group"),
    "move": N_("Move"),
    "confirm_duos": N_("Confirm the duos"),
    "confirm_duos_confirm": N_("Confirm these duos? After this they cannot change any more."),
    "remake_duos": N_("Make the best duos again"),
    "remake_duos_confirm": N_("Make new duos from the votes? The changes you made are undone."),
    "via_host": N_("(via the facilitator)"),
    "via_host_button": N_("%(name)s has no phone: I answer"),
    "via_phone_button": N_("%(name)s answers on their phone again"),
    "add_proxy_label": N_("Add a member without a phone"),
    "add_proxy_help": N_("First name. You answer for this member on this page."),
    "add_proxy": N_("Add"),
    "proxy_title": N_("Answer for members without a phone"),
    "proxy_help": N_("Ask the member what they choose and why, and fill it in for them."),
    "proxy_pick_title": N_("%(name)s chooses for %(central)s"),
    "proxy_quality_n": N_("Quality %(n)d"),
    "proxy_reason_n": N_("Why? (quality %(n)d)"),
    "choose_quality": N_("Choose a quality"),
    "proxy_send": N_("Send for %(name)s"),
    "proxy_sent": N_("Sent. You can still change it until the answers are shown."),
    "proxy_goal_title": N_("What does %(name)s want to get better at?"),
    "proxy_goal_label": N_("Quality"),
    "proxy_goal_reason": N_("Why?"),
    "proxy_goal_sent": N_("Sent: %(goal)s."),
    "pairing_mode_legend": N_("How do the members work together?"),
    "mode_duos": N_("In duos: two by two (one group of three when the number is odd)"),
    "mode_coach": N_("A coach for everyone: each member learns from someone who is strong in "
                     "their goal"),
    "capacity_label": N_("One coach coaches at most"),
    "capacity_one": N_("%(n)d member"),
    "capacity_other": N_("%(n)d members"),
    "start_coaching": N_("Choose the coaches"),
    "coaching_missing_one": N_("%(n)d member has not chosen yet. Go on anyway?"),
    "coaching_missing_other": N_("%(n)d members have not chosen yet. Go on anyway?"),
    "coaches_list": N_("Coaches: %(names)s"),
    "coach_of": N_("Coach of %(name)s"),
    "coach_full": N_("already coaches %(n)d"),
    "change_coach": N_("Change coach"),
    "confirm_coaching": N_("Confirm the coaches"),
    "confirm_coaching_confirm": N_("Confirm these coaches? After this they cannot change any "
                                   "more."),
    "remake_pairing": N_("Make a new proposal"),
    "remake_pairing_confirm": N_("Make a new proposal from the votes? The changes you made "
                                 "are undone."),
    "downloads": N_("Downloads"),
    "download_csv": N_("Pairing list (CSV, for Excel)"),
    "download_xlsx": N_("Pairing list (Excel file)"),
    "download_print": N_("Pairing list to print (A4)"),
    "download_report": N_("Full report per member (to print)"),
    "delete_title": N_("Delete the session"),
    "delete_help": N_("Deletes the names and all answers now. Otherwise this happens "
                      "automatically some time after the session."),
    "delete_session": N_("Delete the session now"),
    "delete_confirm": N_("Delete this session and all answers now? This cannot be undone."),
    "presentation_on": N_("Presentation mode"),
    "presentation_off": N_("Show the controls"),
    "presentation_help": N_("Keys: R = show answers, N = next round, Esc = controls."),
    "announce_round": N_("Round started: %(name)s."),
    "announce_revealed": N_("The answers are shown."),
}

MEMBER = {
    "reconnecting": N_("Connection lost. Reconnecting… Your answers are kept."),
    "hello": N_("Hello %(name)s!"),
    "lobby_wait": N_("You are in. Wait until the facilitator starts the first round."),
    "your_round_title": N_("This round is about you"),
    "your_round_text": N_("The others are now choosing two qualities that fit you. "
                          "Wait for the answers."),
    "pick_help": N_("Choose exactly two qualities. Write for each one why it fits."),
    "more_info": N_("What is this?"),
    "starters_label": N_("Start of a sentence"),
    "reason_hint": N_("Tap the start of a sentence and finish it. Or speak: tap the "
                      "microphone on your phone's keyboard."),
    "error_finish": N_("Finish the sentence in your own words."),
    "chosen_count": N_("%(n)d of 2 chosen"),
    "reason_label": N_("Why does %(quality)s fit %(name)s?"),
    "chars_left": N_("Characters left: %(n)d"),
    "send": N_("Send my answer"),
    "sent": N_("Your answer has been sent. You can change it until the answers are shown."),
    "unsent_changes": N_("You changed your answer. Send it again to save the change."),
    "error_two": N_("Choose exactly two qualities."),
    "error_third": N_("You have already chosen two. First untick one of them."),
    "too_late": N_("The answers were already shown. What you typed last was not sent."),
    "error_reason": N_("Write why you chose this."),
    "error_too_long": N_("This is too long: at most %(max)d characters."),
    "waiting_reveal": N_("Wait until the facilitator shows the answers."),
    "your_results_title": N_("What the team sees in you"),
    "wait_next": N_("Wait for the next round."),
    "development_help": N_("Choose one quality you want to get better at. Write why."),
    "goal_reason_label": N_("Why do you want to get better at this?"),
    "goal_sent": N_("Thank you. You can change your choice until the duos are made."),
    "goal_unsent": N_("You changed your choice. Send it again to save the change."),
    "error_one": N_("Choose one quality."),
    "send_goal": N_("Send my choice"),
    "pairing_wait": N_("The facilitator is making the duos."),
    "your_duo": N_("Your duo"),
    "partner": N_("You work together with: %(names)s"),
    "alone": N_("You have no partner yet. The facilitator will help."),
    "my_goal": N_("You want to get better at: %(goal)s"),
    "announce_round": N_("New round: choose for %(name)s."),
    "announce_own_round": N_("This round is about you."),
    "announce_revealed": N_("The answers are shown."),
    "announce_duo": N_("Your duo is ready."),
    "closed_text": N_("The session is done. Thank you!"),
    "your_coach": N_("Your coach"),
    "you_learn_from": N_("You learn from: %(name)s"),
    "coach_votes_one": N_("%(name)s got 1 vote for %(goal)s."),
    "coach_votes_other": N_("%(name)s got %(n)d votes for %(goal)s."),
    "you_coach": N_("You also coach someone. Help them with what they want to learn:"),
    "learner_goal": N_("%(name)s: %(goal)s"),
    "learner_no_goal": N_("%(name)s: no goal chosen"),
    "announce_coach": N_("Your coach is known."),
    "my_result_link": N_("My result: print it or keep it"),
}


def strings(*extra: dict[str, str]) -> dict[str, str]:
    """The common texts plus the page's own, in the request's language."""
    merged = dict(COMMON)
    for part in extra:
        merged.update(part)
    return {key: gettext(text) for key, text in merged.items()}
