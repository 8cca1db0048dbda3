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
    "link_replaced": N_("This link no longer works: a new link was made for this page."),
    "to_start": N_("Go to the start page"),
    "alone_in_group": N_("%(name)s is not in a duo yet."),
    "offline_send": N_("Not sent: there is no connection. Try again in a moment."),
    "votes_one": N_("%(n)d time chosen"),
    "votes_other": N_("%(n)d times chosen"),
    "no_answers": N_("Nobody has answered in this round."),
    "told_why": N_("%(name)s tells why"),
    "ask_tellers": N_("Ask %(names)s to tell the group why they chose this."),
    "no_goal": N_("%(name)s has not chosen a goal."),
    "coach_reason_one": N_(
        "%(name)s wants to get better at %(goal)s. %(coach)s was chosen once for it."
    ),
    "coach_reason_other": N_(
        "%(name)s wants to get better at %(goal)s. %(coach)s was chosen %(n)d times for it."
    ),
    "no_coach": N_(
        "%(name)s wants to get better at %(goal)s, but nobody in the team was chosen for it. "
        "Idea: choose another goal together, or look for a coach outside the team."
    ),
    "no_coach_group": N_(
        "%(name)s wants to get better at %(goal)s, but nobody in this group was chosen for it. "
        "Others in the team were."
    ),
    "round_of": N_("Round %(number)d of %(total)d"),
    "question": N_("Which two qualities fit %(name)s?"),
    "progress_one": N_("%(answered)d of %(total)d has answered"),
    "progress_other": N_("%(answered)d of %(total)d have answered"),
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
    "development_progress_one": N_("%(done)d of %(total)d has chosen"),
    "development_progress_other": N_("%(done)d of %(total)d have chosen"),
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
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s (chosen once for it)."
    ),
    "learns_from_other": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s "
        "(chosen %(n)d times for it)."
    ),
    "learns_from_zero": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s. "
        "Nobody in the team was chosen for it."
    ),
    "learns_from_elsewhere": N_(
        "%(name)s wants to get better at %(goal)s and learns from %(coach)s, who was not "
        "chosen for it. Others in the team were."
    ),
    "learns_from_no_goal": N_("%(name)s has not chosen a goal and learns from %(coach)s."),
    "no_coach_yet": N_("%(name)s has no coach yet."),
    "opening_title": N_("Teamkracht: what do we see in each other?"),
    "timer_left": N_("Time left: %(time)s"),
    "timer_done": N_("The time is up."),
    # The duos on the projector (and its preview on the host page): no counts, no warnings.
    "wall_goal": N_("%(name)s wants to get better at %(goal)s."),
    "wall_goal_coach": N_("%(name)s wants to get better at %(goal)s. %(coach)s can help."),
    "chosen_times_one": N_("chosen once"),
    "chosen_times_other": N_("chosen %(n)d times"),
    "reveal_lead": N_("What the team sees in"),
    "part_of": N_("part %(part)d of %(parts)d"),
}

# The team picture (closing slides, host page, the hint in the development step).
PICTURE = {
    "thanks_title": N_("Thank you all! This is what you see in each other"),
    "map_note": N_(
        "The number: how many teammates chose this quality for someone. "
        "Bold in a frame: chosen most often for that person."
    ),
    "map_caption": N_("Team map: how many teammates chose each quality for each member"),
    "map_member": N_("Member"),
    # The team map on the big screen: one line per member, in parts.
    "map_note_short": N_("The number: how many times chosen. In a frame: chosen most often."),
    "map_qualities_of": N_("Chosen for %(name)s"),
    "map_left_out_one": N_(
        "1 member did not get a turn today. They are not on the map: that comes another time."
    ),
    "map_left_out_other": N_(
        "%(n)d members did not get a turn today. They are not on the map: that comes another time."
    ),
    "map_most": N_("chosen most often"),
    "cycle_title": N_("What your team brings to the four tasks"),
    "cycle_note": N_(
        "Strong means: at least 2 teammates chose it. "
        "Hatched: nobody in the team is strong in it yet."
    ),
    "covered_of": N_("%(covered)d of %(total)d covered"),
    "gap_list": N_("Nobody strong yet in: %(names)s"),
    "gap_count": N_("Nobody strong yet in %(n)d of them"),
    "x_of_y": N_("%(covered)d of %(total)d"),
    "cycle_back": N_("↻ After looking back, you start again with spotting problems."),
    "nobody_strong": N_("nobody yet"),
    "goal_gap_one": N_("Nobody in the team is strong in %(quality)s yet. It is needed for 1 task."),
    "goal_gap_other": N_(
        "Nobody in the team is strong in %(quality)s yet. It is needed for %(n)d tasks."
    ),
    # The closing slide "who does what".
    "roles_slide_title": N_("Who does what"),
    "roles_empty": N_("No names on the tasks yet."),
    "roles_open": N_("No name yet: %(tasks)s"),
    "roles_part": N_("part %(part)d of %(parts)d"),
}

HOST_PICTURE = {
    "slides_title": N_("Closing slides on the big screen"),
    "slides_help": N_(
        "Choose what the big screen shows. Talk about one slide at a time. "
        "In presentation mode, the arrow keys → and ← change the slide."
    ),
    "slide_map": N_("Team map"),
    "slide_cycle": N_("The four tasks"),
    "slide_duos": N_("The duos"),
    "coverage_details": N_("Who is strong in what, per task"),
    "map_details": N_("Team map: who is strong in what"),
    "download_picture": N_("Team picture: map and tasks (to print)"),
    "slide_roles": N_("Who does what"),
    # Who does what: names on tasks, with suggestions.
    "roles_title": N_("Who does what"),
    "roles_help": N_(
        "Decide together who takes which task. A suggestion fits a task: that member is "
        "strong in at least half of what the task needs. A task may get more names, and one "
        "member more tasks."
    ),
    "roles_fits": N_("Fits: %(names)s"),
    "roles_fits_nobody": N_("Fits nobody in the team yet."),
    "roles_nobody": N_("No name yet."),
    "roles_add_label": N_("Add a name to %(task)s"),
    "roles_add": N_("Add"),
    "roles_fit_option": N_("%(name)s (fits)"),
    "roles_remove": N_("Take %(name)s off %(task)s"),
    "roles_previous": N_("Previous part"),
    "roles_next": N_("Next part"),
    "roles_at": N_("The big screen shows part %(part)d of %(parts)d."),
    "download_sought": N_("Who are we looking for? (to print)"),
    "download_sought_xlsx": N_("Who are we looking for? (Excel)"),
}

SCREEN = {
    "fullscreen": N_("Full screen"),
    "exit_fullscreen": N_("Leave full screen"),
}

HOST = {
    "members_title": N_("Members"),
    # One menu per member for the rare actions (host page).
    "member_menu": N_("More for %(name)s"),
    "more": N_("More"),
    "remove": N_("Remove %(name)s"),
    "remove_confirm": N_(
        "Remove %(name)s from the session? Their answers in rounds not shown yet will be deleted."
    ),
    "remove_several": N_("Remove several at once"),
    "remove_several_help": N_("Tick the members you want to remove."),
    "remove_ticked": N_("Remove the ticked members"),
    "remove_ticked_confirm": N_(
        "Remove %(names)s from the session? Their answers in rounds not shown yet will be deleted."
    ),
    "tick_first": N_("Tick the members you want to remove first."),
    "joining_open": N_("New members can join."),
    "joining_closed": N_("Joining is closed."),
    "close_joining": N_("Close joining"),
    "open_joining": N_("Open joining"),
    "order_title": N_("Order of the rounds"),
    "order_help": N_(
        "Each member has one round. You can change the order of rounds that have not started."
    ),
    "shuffle": N_("Shuffle the order"),
    "move_up": N_("Move %(name)s up"),
    "move_down": N_("Move %(name)s down"),
    "state_pending": N_("waiting"),
    "state_declined": N_("would rather not be central"),
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
    "also_strong": N_("Also chosen for this: %(names)s"),
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
    "remake_duos_confirm": N_(
        "Make new duos from what the team chose? The changes you made are undone."
    ),
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
    "mode_coach": N_(
        "A coach for everyone: each member learns from someone who is strong in their goal"
    ),
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
    "confirm_coaching_confirm": N_(
        "Confirm these coaches? After this they cannot change any more."
    ),
    "remake_pairing": N_("Make a new proposal"),
    "remake_pairing_confirm": N_(
        "Make a new proposal from what the team chose? The changes you made are undone."
    ),
    "downloads": N_("Downloads"),
    "download_csv": N_("Pairing list (CSV, for Excel)"),
    "download_xlsx": N_("Pairing list (Excel file)"),
    "download_print": N_("Pairing list to print (A4)"),
    "download_report": N_("Full report per member (to print)"),
    "delete_title": N_("Delete the session"),
    "delete_help": N_(
        "Deletes the names and all answers now. Otherwise this happens "
        "automatically some time after the session."
    ),
    "delete_session": N_("Delete the session now"),
    "delete_confirm": N_("Delete this session and all answers now? This cannot be undone."),
    "presentation_on": N_("Presentation mode"),
    "presentation_off": N_("Show the controls"),
    "notes_title": N_("What you can say now"),
    "note_lobby": N_(
        "Welcome everyone. Say what today is about: seeing each other's strengths.\n"
        "Ask everyone to scan the QR code and type only their first name.\n"
        "Show the explanation on the big screen and read the three sentences aloud.\n"
        "Ask: which of these qualities do you see in our team?"
    ),
    "note_open": N_(
        "Read the question on the big screen aloud.\n"
        "Say: choose two qualities that fit %(name)s, and write why. Think of an example.\n"
        "%(name)s only listens now. There is no right or wrong answer.\n"
        "Wait until almost everyone has answered, then show the answers."
    ),
    "note_revealed": N_(
        "Give %(name)s a moment to read.\n"
        "Ask %(name)s: Do you recognise this? What surprises you?\n"
        "Ask the others: can you give an example?\n"
        "Thank %(name)s, then go to the next round."
    ),
    "note_between": N_(
        "Ask if everyone is ready for the next round.\n"
        "Is someone missing? Their round can wait until the end."
    ),
    "note_development": N_(
        "Say: now everyone chooses one quality they want to get better at.\n"
        "It may be a quality the team did not choose for you.\n"
        "Ask one or two people: why this one?"
    ),
    "note_pairing": N_(
        "Read the duos aloud. In each duo, one can help the other.\n"
        "Look at the warnings on this page. You can move people.\n"
        "Ask: does this duo work for you? Then confirm the duos."
    ),
    "note_closed": N_(
        "Thank everyone for their openness.\n"
        "Ask: what do you take home from today?\n"
        "Agree when the duos meet for the first time.\n"
        "Download the pairing list, then delete the session."
    ),
    "big_screen_title": N_("Big screen"),
    "show_opening": N_("Show the explanation on the big screen"),
    "hide_opening": N_("Hide the explanation"),
    "timer_label": N_("Timer per round"),
    "timer_help": N_(
        "A quiet countdown on the big screen and the phones. When it ends, "
        "nothing closes: you decide."
    ),
    "timer_off": N_("No timer"),
    "minutes_one": N_("%(n)d minute"),
    "minutes_other": N_("%(n)d minutes"),
    "announce_round": N_("Round started: %(name)s."),
    "announce_revealed": N_("The answers are shown."),
    "step_of": N_("Step %(step)d of %(steps)d: %(what)s"),
    "step_overview": N_("all qualities at once"),
    "step_back": N_("← Previous step"),
    "step_next": N_("Next step →"),
    "step_keys": N_(
        "The keys → and ← or a presenter remote do the same, on the big screen "
        "and in presentation mode."
    ),
}

MEMBER = {
    # At the end: the tasks that fit this member (their own, never anyone else's).
    "my_tasks_title": N_("Tasks that fit you"),
    "my_tasks_intro": N_("These tasks of the advocacy cycle fit what your teammates see in you."),
    "my_task_why": N_(
        "For this task you need: %(qualities)s. Your teammates see you as strong in that."
    ),
    "my_tasks_some": N_(
        "Your teammates see you as strong in: %(qualities)s. No task asks mostly for that. "
        "You are a good help in a task, together with others."
    ),
    "my_tasks_none": N_(
        "No quality was chosen for you by two teammates yet. Often that only means they do not "
        "know you well yet. Choose a task you want to learn, and do it together with someone "
        "from the team."
    ),
    "reconnecting": N_("Connection lost. Reconnecting… Your answers are kept."),
    "hello": N_("Hello %(name)s!"),
    "lobby_wait": N_("You are in. Wait until the facilitator starts the first round."),
    "your_round_title": N_("This round is about you"),
    "your_round_text": N_(
        "The others are now choosing two qualities that fit you. Wait for the answers."
    ),
    "pick_help": N_("Choose exactly two qualities. Write for each one why it fits."),
    "more_info": N_("What is this?"),
    "starters_label": N_("Start of a sentence"),
    "reason_hint": N_(
        "Tap the start of a sentence and finish it. Or speak: tap the "
        "microphone on your phone's keyboard."
    ),
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
    # My own line in my duo ("you"; the others' lines are the common ones).
    "my_no_goal": N_("You have not chosen a goal yet."),
    "my_coach_one": N_("You want to get better at %(goal)s. %(coach)s was chosen once for it."),
    "my_coach_other": N_(
        "You want to get better at %(goal)s. %(coach)s was chosen %(n)d times for it."
    ),
    "my_no_coach": N_(
        "You want to get better at %(goal)s. Talk with the facilitator about who can help you."
    ),
    "partner": N_("You work together with: %(names)s"),
    "alone": N_("You are not in a duo yet. The facilitator will help."),
    "my_goal": N_("You want to get better at: %(goal)s"),
    "announce_round": N_("New round: choose for %(name)s."),
    "announce_own_round": N_("This round is about you."),
    "announce_revealed": N_("The answers are shown."),
    "announce_duo": N_("Your duo is ready."),
    "closed_text": N_("The session is done. Thank you!"),
    "your_coach": N_("Your coach"),
    "you_learn_from": N_("You learn from: %(name)s"),
    "coach_votes_one": N_("%(name)s was chosen once for %(goal)s."),
    "coach_votes_other": N_("%(name)s was chosen %(n)d times for %(goal)s."),
    "you_coach": N_("You also coach someone. Help them with what they want to learn:"),
    "learner_goal": N_("%(name)s: %(goal)s"),
    "learner_no_goal": N_("%(name)s: no goal chosen"),
    "announce_coach": N_("Your coach is known."),
    "my_result_link": N_("My result: print it or keep it"),
    "timer_done_phone": N_("The time is up. You can still send your answer."),
}


# The self-view on a member's phone (see ``selfview``).
SELF_VIEW = {
    "self_title": N_("Look at yourself too (if you like)"),
    "self_title_saved": N_("Your own choice (saved)"),
    "self_help": N_(
        "Which qualities fit you? Which do you want to get better at? You may "
        "skip this. You can change it until the development step."
    ),
    "self_fits_question": N_("Which 3 qualities fit you best?"),
    "self_develops_question": N_("In which 3 do you most want to get better?"),
    "self_count": N_("%(n)d of 3 chosen"),
    "self_error_fourth": N_("You have already chosen three. First untick one of them."),
    "self_error_both": N_(
        "%(quality)s is already in the other list. A quality can be in one list only."
    ),
    "self_error_three": N_("Choose three qualities here, or none."),
    "self_show": N_("Show my own choice on the big screen and to the facilitator"),
    "self_show_hint": N_("If you leave this off, only you see your own choice."),
    "self_save": N_("Save my choice"),
    "self_saved": N_("Your choice is saved. Only you see it, unless you tick the box above."),
    "self_unsent": N_("You changed your choice. Save it to keep the change."),
    "compare_title": N_("What you chose, next to what the team chose"),
    "compare_both": N_("You saw it too"),
    "compare_team": N_("The team saw it in you"),
    "compare_self": N_("You saw it, the team did not (yet)"),
    "compare_none": N_("None"),
    "compare_private": N_("Only you see your own choice."),
    "compare_shown": N_("The big screen and the facilitator may show your own choice."),
    "compare_show": N_("Let the group see it too"),
    "compare_hide": N_("Keep it to myself"),
    "wanted_tag": N_("You wanted to get better at this"),
    # Shown on a goal's tile where the team has nobody strong in it (the whole sentence,
    # "goal_gap", is read out with the choice and shown under "i").
    "goal_needed": N_("The team needs this"),
    "turn_later": N_("Your turn comes later. The facilitator moved your round to the end."),
    "turn_missed": N_(
        "There was no turn left for you. So the team has not chosen yet what they see in you. "
        "That is not about you. Feel free to ask the others what they see in you."
    ),
    "ratings_title": N_("%(quality)s: how true is this for you?"),
    "ratings_help": N_(
        "You may skip this. What is only a bit true or not true becomes "
        "something to learn, to talk about with your duo."
    ),
    "talk_about": N_("Something to talk about with your duo"),
}

# "Liever niet centraal": a member may choose not to have a round of their own.
CENTRAL = {
    "central_title": N_("Your own round"),
    "central_text": N_(
        "In your round, the others choose what fits you. Would you rather not have a round of "
        "your own? That is fine. You do not have to say why."
    ),
    "central_decline": N_("I would rather not be central"),
    "central_declined": N_(
        "You will not have a round of your own. You still choose for the others. "
        "Only the facilitator sees this."
    ),
    "central_undo": N_("I want my own round after all"),
}

# Easy-read ("Makkelijk lezen") on the member's phone: one question per screen, in short
# sentences of common words (tests/rules/test_easy_texts.py checks them).
EASY = {
    "easy_step": N_("Step %(n)d of %(total)d"),
    "easy_first": N_("What is %(name)s good at? Choose one thing."),
    "easy_second": N_("What else is %(name)s good at? Choose one more thing."),
    "easy_taken": N_("You chose this already."),
    "easy_choose_first": N_("Choose one thing first."),
    "easy_why": N_("Why does this fit %(name)s?"),
    "easy_why_label": N_("Write why"),
    "easy_why_hint": N_("A short sentence is enough."),
    "easy_why_first": N_("Write why first."),
    "easy_next": N_("Next"),
    "easy_back": N_("Back"),
    "easy_check": N_("Is this right?"),
    "easy_check_text": N_("This is what you chose for %(name)s."),
    "easy_yes": N_("Yes, send it"),
    "easy_change": N_("No, I want to change it"),
    "easy_sent": N_("Done! Your answer has been sent."),
    "easy_sent_text": N_("You can still change it. You can do that until the answers are shown."),
    "easy_change_sent": N_("Change my answer"),
    "easy_goal": N_("What do you want to get better at? Choose one thing."),
    "easy_goal_why": N_("Why do you want to get better at this?"),
    "easy_goal_check": N_("This is what you want to get better at."),
    "easy_goal_sent": N_("You can still change it. Later you get a duo to help you."),
    "easy_or_tell": N_("Or do you want to say it in the group?"),
    "easy_tell": N_("I will say it myself"),
    "easy_you_tell": N_("You say why in the group."),
    "tell_named": N_("Then everyone sees that this choice is yours."),
}

# The member's texts in easy words, used instead of the normal ones on a phone in easy-read
# mode (``t`` in static/js/live.js). Every member text is easy already or has one here,
# except those of the forms that easy-read replaces (tests/rules/test_easy_texts.py).
EASY_VERSIONS = {
    "my_tasks_intro": N_("These tasks fit you. Your team sees that you are good at this."),
    "my_task_why": N_(
        "For this task you need: %(qualities)s. Your team sees that you are good at that."
    ),
    "my_tasks_some": N_(
        "Your team sees that you are good at: %(qualities)s. You can help others with a task."
    ),
    "my_tasks_none": N_(
        "Your team has not chosen much for you yet. Maybe they do not know you well yet. "
        "Choose a task you want to learn. Do it together with someone from your team."
    ),
    "too_late": N_("The answers are already shown. Your last change was not sent."),
    "pairing_wait": N_("The leader of the meeting now chooses who helps you."),
    "you_coach": N_("You also help someone. Help them with what they want to learn:"),
    "lobby_wait": N_("You are in. Wait until the leader of the meeting starts."),
    "waiting_reveal": N_("Wait until the leader of the meeting shows the answers."),
    "alone": N_("You have no duo yet. The leader of the meeting will help you."),
    "my_no_coach": N_(
        "You want to get better at %(goal)s. Ask the leader of the meeting who can help you."
    ),
    "reconnecting": N_("The connection is gone. We try again. Your answers are kept."),
    "self_error_fourth": N_("You already chose three. First take one away."),
    "self_show": N_("Let the big screen and the leader of the meeting show my choice"),
    "self_saved": N_(
        "Your choice is saved. Only you see it. Do you want others to see it too? "
        "Then choose that above."
    ),
    "compare_shown": N_("The big screen and the leader of the meeting may show your choice."),
    "turn_later": N_(
        "Your turn comes later. The leader of the meeting moved your turn to the end."
    ),
    "central_declined": N_(
        "You will not have a round of your own. You still choose for the others. "
        "Only the leader of the meeting sees this."
    ),
    "claim_sent": N_("You chose %(name)s. The leader of the meeting checks this."),
    "then_now_help": N_("How often your team chose each quality for you: last time and now."),
    "look_back_share": N_("The big screen and the leader of the meeting may show my answer"),
}

# What the screen and the facilitator show of a member's own choice, when they allowed it.
SELF_SHARED = {
    "self_choice_shared": N_("%(name)s chose for themselves: %(qualities)s"),
}

# The standalone self-check (no session; everything stays on the phone).
SELFCHECK = {
    "intro_title": N_("Look at yourself"),
    "intro_text": N_(
        "You get 48 short sentences about yourself, in 12 parts. For each "
        "sentence, choose how true it is for you. There are no right or wrong "
        "answers."
    ),
    "intro_private": N_(
        "Your answers stay on this phone. Nothing is sent. You can stop and go on later."
    ),
    "start": N_("Start"),
    "continue": N_("Go on where I was"),
    "part_of": N_("Part %(n)d of %(total)d"),
    "part_help": N_("How true is each sentence for you? You may skip a sentence."),
    "previous": N_("Back"),
    "back_to_intro": N_("Back to the start"),
    "next": N_("Next part"),
    "see_profile": N_("See my result"),
    "profile_title": N_("Your result"),
    "profile_help": N_(
        "This is not a test and not a grade. It shows what suits you now and "
        "what you can still learn."
    ),
    "key_fit": N_("suits you"),
    "key_learn": N_("to learn"),
    "key_open": N_("no answer"),
    "fits_n": N_("Suits you: %(n)d of %(total)d."),
    "learn_n": N_("To learn: %(n)d."),
    "open_n": N_("No answer: %(n)d."),
    "learning_points": N_("What you can learn:"),
    "summary_best": N_("Suits you best: %(names)s."),
    "summary_learn": N_("Most to learn: %(names)s."),
    "summary_none": N_("Answer more sentences to see what suits you best."),
    "print": N_("Print or save as PDF"),
    "save_text": N_("Save as a text file"),
    "change": N_("Change my answers"),
    "file_title": N_("Self-check: what suits you?"),
    "file_name": N_("self-check.txt"),
    "again": N_("Do the self-check again"),
}

# The self-check's history on the phone: the checks with their dates, the change since the
# last one, and the file to take them to a new phone. In easy words, also outside easy-read
# (tests/rules/test_easy_texts.py checks them).
SELFCHECK_HISTORY = {
    "checks_title": N_("Your checks"),
    "checks_kept": N_("Your checks are kept on this phone. Nothing is sent."),
    "checks_none": N_(
        "Did you do the self-check on another phone? Then you can load your file here."
    ),
    "check_of": N_("Check of %(day)s"),
    "check_line": N_("%(name)s: %(n)d of the %(total)d sentences suit you."),
    "change_intro": N_(
        "You also did the self-check on %(day)s. Under each quality you see what is "
        "different now. More or less is both fine. It shows how you see yourself now."
    ),
    "change_more_one": N_("%(n)d sentence more suits you than on %(day)s."),
    "change_more_other": N_("%(n)d sentences more suit you than on %(day)s."),
    "change_fewer_one": N_("%(n)d sentence less suits you than on %(day)s."),
    "change_fewer_other": N_("%(n)d sentences less suit you than on %(day)s."),
    "change_same": N_("The same as on %(day)s."),
    "change_open_now": N_("You did not answer this part this time."),
    "change_open_then": N_("You did not answer this part on %(day)s."),
    "check_open": N_("%(name)s: no answers."),
    "checks_save": N_("Save my checks as a file"),
    "checks_file_name": N_("self-checks-%(day)s.json"),
    "checks_saved": N_("The file is saved on your phone. Keep it for a new phone."),
    "checks_load": N_("Load checks from a file"),
    # A check of a day that the phone has too is replaced by the file's: "had", not "added".
    "checks_loaded_one": N_("The file had %(n)d check. Now there are %(total)d on this phone."),
    "checks_loaded_other": N_("The file had %(n)d checks. Now there are %(total)d on this phone."),
    "checks_clear": N_("Delete my checks from this phone"),
    "checks_clear_confirm": N_(
        "Delete all your checks and answers from this phone? "
        "Save them as a file first if you want to keep them."
    ),
    "checks_cleared": N_("Your checks and answers are deleted from this phone."),
    "checks_not_kept": N_("This phone cannot keep your checks. Nothing has changed."),
    # A file that is refused: one sentence says what is wrong; nothing kept changes.
    "file_too_big": N_("This file is too big: a file of checks may not be bigger than 1 MB."),
    "file_not_ours": N_("This is not a self-check file of Teamkracht."),
    "file_version": N_("This file is of another version: this app reads version %(version)d."),
    "file_wrong": N_("Something is missing or wrong in the file: %(field)s."),
    "file_empty": N_("There are no checks in this file."),
    "file_too_many": N_("This file has more than %(max)d checks."),
    "file_too_many_together": N_(
        "With the checks on this phone that would be more than %(max)d checks."
    ),
    "file_date": N_("This file has a date that is not possible: %(date)s."),
    "file_same_day": N_("This file has two checks on the same day: %(date)s."),
    "file_quality": N_("This file has a quality that Teamkracht does not know: %(key)s."),
    "file_statement": N_("This file has more than %(n)d answers for %(key)s."),
    "file_answer": N_("This file has an answer that the self-check does not know: %(value)s."),
}

# A follow-up months later (``followup``): what a phone and the host page both say.
FOLLOW_UP = {
    "kept_until": N_("Your team keeps this session until %(day)s, for a follow-up."),
    "follow_up_on": N_("The follow-up is on %(day)s."),
    "claim_title": N_("Were you there last time?"),
    "claim_help": N_("Tap your name from last time."),
    "claim_new": N_("No, I am new"),
    "claim_sent": N_("You chose %(name)s. The facilitator checks this."),
    "claim_new_sent": N_("You take part as a new member. Welcome!"),
    "claim_again": N_("I was there after all"),
    "then_title": N_("Last time (%(day)s)"),
    "then_seen": N_("What the team chose for you then:"),
    "then_none": N_("Nobody chose a quality for you then."),
    "times_chosen_one": N_("%(name)s: %(n)d time chosen"),
    "times_chosen_other": N_("%(name)s: %(n)d times chosen"),
    "then_goal": N_("Your goal then: %(goal)s"),
    "then_duo": N_("Your duo then: %(names)s"),
    "then_now_title": N_("Then and now"),
    "then_now_help": N_("How many teammates chose each quality for you, last time and now."),
    "then_now_line": N_("%(name)s: then %(then)d, now %(now)d"),
    "then_now_new": N_("new"),
    "look_back_title": N_("How did it go?"),
    "look_back_goal": N_("Last time you wanted to get better at %(goal)s. How did it go?"),
    "look_back_no_goal": N_("How did it go with your duo since last time?"),
    "look_back_not_yet": N_("Not got to it yet"),
    "look_back_a_bit": N_("A bit"),
    "look_back_well": N_("Well"),
    "look_back_very_well": N_("Very well"),
    "look_back_note": N_("Want to say more? You may skip this."),
    "look_back_share": N_("The big screen and the facilitator may show my answer"),
    "look_back_send": N_("Send"),
    "look_back_sent": N_("Thank you. You can still change it."),
    "look_back_ratings": N_("The 4 sentences of %(goal)s again"),
    "look_back_ratings_help": N_(
        "How true is each sentence for you now? You may skip this. Only you see it."
    ),
}

# The same for the facilitator only: keeping, the team file, the day, the claims.
HOST_FOLLOW_UP = {
    "follow_up_title": N_("A follow-up with this team"),
    "keep_help": N_(
        "Without this, everything is deleted after the usual period. Does the team want to "
        "meet again later? Keep the session until a date."
    ),
    "keep_label": N_("Keep until"),
    "keep_button": N_("Keep for a follow-up"),
    "kept_host": N_("Kept until %(day)s. After that everything is deleted."),
    "stop_keeping": N_("Do not keep it any longer"),
    "team_file_link": N_("Download the team file"),
    "team_file_help": N_(
        "With this file you can hold a follow-up even if nothing is kept here, also on "
        "another laptop."
    ),
    "day_label": N_("Day of the follow-up"),
    "day_button": N_("Set the day"),
    "ics_link": N_("Download for your calendar (.ics)"),
    "start_follow_up": N_("Start a follow-up with this team"),
    "claims_title": N_("Who was there last time?"),
    "claims_help": N_(
        "A follow-up of the session of %(day)s. Check each name: only then does the member "
        "see what they had last time."
    ),
    "claim_none": N_("%(name)s has not answered yet."),
    "claim_is_new": N_("%(name)s is new."),
    "claim_says": N_("%(name)s says: I was %(earlier)s."),
    "claim_conflict": N_("Someone else says this too. Choose who it is."),
    "claim_confirmed": N_("%(name)s was %(earlier)s last time."),
    "confirm_claim": N_("Correct: %(name)s"),
    "reject_claim": N_("Not correct: %(name)s"),
    "undo_claim": N_("Undo: %(name)s"),
    "confirm_all_one": N_("Confirm the %(n)d name that is exactly the same"),
    "confirm_all_other": N_("Confirm all %(n)d names that are exactly the same"),
    "not_claimed": N_("Not claimed (yet): %(names)s"),
    "look_back_answered": N_("%(answered)d of %(back)d have looked back."),
    "look_back_summary": N_("%(well)d of %(back)d: it went well or very well"),
}


# A follow-up on the big screen (and the host page's preview of it): the look back, paced by
# the facilitator, and then and now on the closing slides.
FOLLOW_UP_SLIDES = {
    "look_back_title": N_("How did it go?"),
    "look_back_phone": N_("On your phone: how did it go with your goal and your duo?"),
    "look_back_answered": N_("%(answered)d of %(back)d have looked back."),
    "look_back_summary": N_("%(well)d of %(back)d: it went well or very well"),
    "look_back_warm": N_("Thank you for looking back. Today we go on together."),
    "look_back_not_yet": N_("Not got to it yet"),
    "look_back_a_bit": N_("A bit"),
    "look_back_well": N_("Well"),
    "look_back_very_well": N_("Very well"),
    "map_then_now_note": N_("How many times chosen: last time → now. In a frame: most often now."),
    "then_now_read": N_("then %(then)d, now %(now)d"),
    "then_now_new": N_("new"),
    "map_new_member": N_("new in the team"),
    "map_left_team": N_("Not in the team any more: %(names)s"),
    "covered_then_now": N_("Last time %(then)d of %(total)d covered, now %(covered)d of %(total)d"),
    "cycle_then_now_note": N_(
        "Strong: at least 2 teammates chose it. Per task: last time → now. Hatched: nobody "
        "is strong in it yet."
    ),
}

# The facilitator's buttons for the look back on the big screen.
HOST_LOOK_BACK = {
    "look_back_show": N_("Show “How did it go?” on the big screen"),
    "look_back_hide": N_("Take it off the big screen"),
    "look_back_steps": N_(
        "The big screen first shows only how many looked back. The next part shows the "
        "team's summary, then the answers that may be shown."
    ),
}


def strings(*extra: dict[str, str]) -> dict[str, str]:
    """The common texts plus the page's own, in the request's language."""
    merged = dict(COMMON)
    for part in extra:
        merged.update(part)
    return {key: gettext(text) for key, text in merged.items()}


def easy_versions() -> dict[str, str]:
    """The easy versions of the member's texts, keyed ``easy.<key>`` (see ``EASY_VERSIONS``)."""
    return {f"easy.{key}": gettext(text) for key, text in EASY_VERSIONS.items()}
