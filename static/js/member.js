// The member's phone. Forms are built once per step (stage) so that a new snapshot — someone
// else answered, the connection came back — never wipes what the member is typing.
// Unsent text is also kept in localStorage, so a reload or a sleeping phone loses nothing.
import {
  announce, coachLine, competencies, competency, connect, forgetDrafts, h, icon, inSentence, page, rebuild,
  renderTally, stage, t, tn,
} from "./live.js";
import { shownName } from "./dom.js";
import { render as renderEarlier } from "./earlier.js";
import { addGoalHints } from "./picture.js";
import { countdown } from "./timer.js";
import { learningPoints, ratingGroup } from "./scale.js";
import { easyGoalForm, easyPickForm } from "./easy.js";
import { centralChoice } from "./central.js";
import { easyRead } from "./reading.js";

const view = document.getElementById("view");
const selfSection = document.getElementById("self-view");
const results = document.getElementById("results");
const timerSlot = document.getElementById("timer-slot");
const turnNote = document.getElementById("turn-note");
let state = null;
const tooLate = new Set(); // rounds revealed while this phone had unsent changes

const { send } = connect({ role: "member", session: page.session }, (next) => {
  announceChange(state, next);
  state = next;
  render(state);
});
// Easy-read turned on or off: the step is drawn again in the chosen way.
document.addEventListener("easyread", () => { if (state) render(state); });

// --- drafts ----------------------------------------------------------------------

function loadDraft(key) {
  try {
    return JSON.parse(window.localStorage.getItem(key)) ?? null;
  } catch {
    return null;
  }
}

function saveDraft(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full storage: the form still works, only the draft is not kept.
  }
}

// --- form helpers ----------------------------------------------------------------

function showError(element, text, control = null) {
  element.textContent = text;
  element.hidden = !text;
  if (control) {
    if (text) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }
}

function reasonField(id, labelText, value) {
  const area = h("textarea", {
    id, name: id, rows: 3, maxlength: page.max_reason,
    "aria-describedby": `${id}-count ${id}-error`,
  });
  area.value = value ?? "";
  const count = h("p", { class: "hint", id: `${id}-count` });
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  const update = () => { count.textContent = t("chars_left", { n: page.max_reason - area.value.length }); };
  area.addEventListener("input", update);
  update();
  const block = h("div", { class: "field reason" },
    h("label", { for: id, text: labelText }), area, count, error);
  return { block, area, error };
}

function validReason(area, error, quality = null) {
  const text = area.value.trim();
  if (!text) {
    showError(error, t("error_reason"), area);
    return false;
  }
  // Only a starter, not finished: the reason is still missing.
  if (quality && (quality.starters ?? []).some((starter) => stem(starter) === text)) {
    showError(error, t("error_finish"), area);
    return false;
  }
  if (text.length > page.max_reason) {
    showError(error, t("error_too_long", { max: page.max_reason }), area);
    return false;
  }
  showError(error, "", area);
  return true;
}

// --- the steps -------------------------------------------------------------------

// One quality as a tile: the whole tile toggles it (its label covers it); the description
// (``more``) opens on demand, without toggling. The same tile for every list of qualities on
// the phone: the pick (checkboxes), the goal (radios), the self-view (no description).
function tile(c, checked, { type = "checkbox", name = "quality", more = true } = {}) {
  const id = `${name}-${c.key}`;
  // Its name read out as written (the visible one has soft hyphens where it may break).
  const input = h("input", { type, id, name, value: c.key, "aria-label": c.name,
    "aria-describedby": more ? `${id}-desc` : null });
  input.checked = checked;
  // The tile is a query container: with large text or on a narrow phone the name gets a line
  // of its own (the pictogram and the "i" stay beside the box), so that a long name breaks
  // at most once, between syllables (the server's soft hyphens), never anywhere.
  const item = h("div", { class: "tile", "data-key": c.key }, h("div", { class: "tile-inner" },
    input,
    icon(c.key),
    h("label", { for: id, class: "tile-label" }, h("span", { class: "c-name", text: shownName(c) })),
    more ? h("details", { class: "c-more" },
      h("summary", { title: t("more_info") },
        h("span", { class: "info-mark", "aria-hidden": "true", text: "i" }),
        h("span", { class: "visually-hidden", text: `${t("more_info")} ${c.name}` })),
      h("p", { class: "c-desc", id: `${id}-desc`, text: c.description })) : null));
  return { input, item };
}

// A starter without the dots: what one tap puts in the reason field.
const stem = (text) => text.replace(/\s*…\s*$/, "").replace(/\s*\.\.\.\s*$/, "");

function starterButtons(c, area) {
  return h("div", { class: "starters", role: "group", "aria-label": t("starters_label") },
    (c.starters ?? []).map((text) => h("button", {
      type: "button", class: "button small starter",
      onclick: () => {
        const before = area.value.trim();
        area.value = `${before ? `${before} ` : ""}${stem(text)} `;
        area.focus();
        area.setSelectionRange(area.value.length, area.value.length);
        area.dispatchEvent(new Event("input", { bubbles: true }));
      },
    }, text)));
}

// The send bar stays in view, unless (very large text) it would cover much of the screen:
// then it stays at the end of the form.
function keepBarSmall(bar) {
  const check = () => {
    if (!bar.isConnected && bar.dataset.placed) {
      observer.disconnect();
      window.removeEventListener("resize", check);
      return;
    }
    bar.dataset.placed = "1";
    bar.classList.remove("in-flow");
    bar.classList.toggle("in-flow", bar.offsetHeight > window.innerHeight * 0.4);
  };
  const observer = new ResizeObserver(check);
  observer.observe(bar);
  observer.observe(document.documentElement);
  window.addEventListener("resize", check);
}

function pickForm(s) {
  const round = s.round;
  const central = round.central.name;
  const draftKey = `pick:${page.session}:${s.me.id}:${round.id}`;
  // A draft only exists while there are changes that were not sent (a send clears it),
  // so after a reload it wins over the answer the server has.
  const sent = round.my_picks ?? [];
  const draft = loadDraft(draftKey);
  let wasSent = sent.length > 0;
  const reasons = Object.fromEntries(sent.map((p) => [p.competency, p.reason]));
  Object.assign(reasons, draft?.reasons ?? {});
  const chosen = draft?.chosen ?? sent.map((p) => p.competency);

  const status = h("p", { class: "message", role: "status", id: "pick-status",
    text: draft && wasSent ? t("unsent_changes") : (wasSent ? t("sent") : "") });
  const counter = h("p", { class: "counter", id: "pick-counter", "aria-live": "polite" });
  const groupError = h("p", { class: "error", id: "pick-error", hidden: true });
  const rows = competencies.map((c) => {
    const { input, item } = tile(c, chosen.includes(c.key));
    const reason = reasonField(`reason-${c.key}`,
      t("reason_label", { quality: inSentence(c.name), name: central }), reasons[c.key]);
    reason.block.classList.add("tile-reason");
    reason.area.rows = 2;
    const hint = h("p", { class: "hint", id: `reason-${c.key}-hint`, text: t("reason_hint") });
    reason.area.setAttribute("aria-describedby",
      `reason-${c.key}-hint ${reason.area.getAttribute("aria-describedby")}`);
    reason.block.querySelector("label").after(hint, starterButtons(c, reason.area));
    reason.block.hidden = !input.checked;
    // "Ik vertel het zelf": say the reason in the room instead of typing it.
    const told = h("input", { type: "checkbox", id: `told-${c.key}`,
      "aria-describedby": s.show_names ? null : `told-${c.key}-note` });
    told.checked = (draft?.told ?? sent.filter((p) => p.reason === "").map((p) => p.competency))
      .includes(c.key);
    reason.block.append(h("div", { class: "told-choice" }, told,
      h("label", { for: told.id, text: t("easy_tell") })),
    s.show_names ? null : h("p", { class: "hint", id: `told-${c.key}-note`, text: t("tell_named") }));
    const limit = h("p", { class: "error tile-limit", id: `limit-${c.key}`, hidden: true });
    return { c, input, ...reason, told, item, limit };
  });

  const checked = () => rows.filter((r) => r.input.checked);
  function remember() {
    const typed = Object.fromEntries(rows.filter((r) => r.area.value).map((r) => [r.c.key, r.area.value]));
    saveDraft(draftKey, { chosen: checked().map((r) => r.c.key), reasons: typed,
      told: rows.filter((r) => r.told.checked).map((r) => r.c.key) });
  }
  function update() {
    counter.textContent = t("chosen_count", { n: checked().length });
    for (const r of rows) r.block.hidden = !r.input.checked;
  }
  const changed = () => {
    remember();
    status.className = "message";
    status.textContent = wasSent ? t("unsent_changes") : "";
  };
  for (const r of rows) {
    r.input.addEventListener("change", () => {
      for (const other of rows) showError(other.limit, "");
      if (r.input.checked && checked().length > page.picks_per_round) {
        // A third tile: leave it unticked and say why right under it; the tile itself
        // (name and pictogram) stays where the member looks.
        r.input.checked = false;
        showError(r.limit, t("error_third"));
        announce(t("error_third"));
        r.limit.scrollIntoView({ block: "nearest" });
        r.item.scrollIntoView({ block: "nearest" });
      }
      update();
      changed();
      showError(groupError, "");
    });
    r.area.addEventListener("input", () => {
      changed();
      if (!r.error.hidden) showError(r.error, "", r.area); // typing fixes it; send says more
    });
    r.told.addEventListener("change", () => {
      changed();
      if (r.told.checked) showError(r.error, "", r.area);
    });
  }
  update();

  const submit = h("button", { type: "submit", class: "button primary" }, t("send"));
  const bar = h("div", { class: "send-bar" }, counter, submit, status);
  let sending = false;
  const form = h("form", { class: "card form pick", novalidate: true },
    h("fieldset", { "aria-describedby": "pick-help pick-counter pick-error" },
      h("legend", {}, h("h2", { text: t("question", { name: central }) })),
      h("p", { class: "hint", id: "pick-help", text: t("pick_help") }),
      groupError,
      h("div", { class: "choices tiles" }, rows.map((r) => [r.item, r.limit, r.block]))),
    bar);
  keepBarSmall(bar);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = checked();
    if (picked.length !== page.picks_per_round) {
      showError(groupError, t("error_two"));
      (picked[0] ?? rows[0]).input.focus();
      return;
    }
    // A reason to be told in the room needs no text (a typed one still counts).
    const saying = (r) => r.told.checked && !r.area.value.trim();
    const bad = picked.filter((r) => !saying(r) && !validReason(r.area, r.error, r.c));
    for (const r of picked.filter(saying)) showError(r.error, "", r.area);
    if (bad.length) {
      bad[0].area.focus();
      return;
    }
    if (sending) return;
    sending = true; // not disabled: a disabled button drops the keyboard focus to <body>
    submit.setAttribute("aria-disabled", "true");
    const result = await send("pick", {
      round_id: round.id,
      picks: picked.map((r) => ({ competency: r.c.key, reason: r.area.value.trim(),
        told: r.told.checked })),
    });
    sending = false;
    submit.removeAttribute("aria-disabled");
    if (result.ok) {
      wasSent = true;
      saveDraft(draftKey, null);
    }
    status.textContent = result.ok ? t("sent") : result.error;
    if (result.error === t("offline_send")) status.dataset.offline = "unsent_changes";
    status.className = result.ok ? "message ok" : "message error";
    // A bar that grew with the answer can leave the bottom of the screen: show the answer.
    requestAnimationFrame(() => status.scrollIntoView({ block: "nearest" }));
  });
  return [form, h("p", { class: "progress", id: "round-progress" })];
}

function goalForm(s) {
  const draftKey = `goal:${page.session}:${s.me.id}`;
  const unsent = loadDraft(draftKey); // only changes that were not sent (a send clears it)
  const draft = unsent ?? s.goal ?? {};
  let wasSent = Boolean(s.goal);
  const status = h("p", { class: "message", role: "status",
    text: unsent && wasSent ? t("goal_unsent") : (wasSent ? t("goal_sent") : "") });
  const groupError = h("p", { class: "error", id: "goal-error", hidden: true });
  // The 3 the member wanted to develop (their self-view) come first.
  const wanted = s.self_view?.develops ?? [];
  const ordered = [...wanted.map(competency), ...competencies.filter((c) => !wanted.includes(c.key))];
  const rows = ordered.map((c) => {
    const row = tile(c, draft.competency === c.key, { type: "radio", name: "goal" });
    if (wanted.includes(c.key)) {
      row.item.classList.add("wanted");
      row.item.append(h("p", { class: "tag", text: t("wanted_tag") }));
    }
    return row;
  });
  addGoalHints(rows, s); // which tasks of the team each goal would help with
  for (const row of rows) {
    // The whole sentence goes under "i" (and is read out with the choice); the tile says it
    // in a few words, so that the step stays short.
    const hint = row.item.querySelector(".goal-hint");
    if (!hint) continue;
    row.item.querySelector(".c-more").append(hint);
    row.item.append(h("p", { class: "goal-need", "aria-hidden": "true", text: t("goal_needed") }));
  }
  const reason = reasonField("goal-reason", t("goal_reason_label"), draft.reason);
  const chosen = () => rows.find((r) => r.input.checked)?.input.value;
  // Answers to the chosen quality's 4 statements, kept per quality while the member looks around.
  const ratings = { ...(unsent?.ratings ?? {}) };
  if (!unsent && s.goal?.ratings) ratings[s.goal.competency] = s.goal.ratings;
  // Optional: folded away (open when answers were already given), so that the step stays short.
  const ratingsBox = h("details", { class: "goal-ratings", id: "goal-ratings",
    open: Object.values(ratings).some((answers) => answers.some(Boolean)) });
  const showRatings = () => {
    const key = chosen();
    ratingsBox.hidden = !key;
    if (!key) {
      ratingsBox.replaceChildren();
      return;
    }
    ratings[key] ??= [null, null, null, null];
    const title = t("ratings_title", { quality: shownName(competency(key)) });
    ratingsBox.replaceChildren(h("summary", {}, h("h3", { text: title })),
      h("fieldset", { "aria-describedby": "goal-ratings-help" },
      h("legend", { class: "visually-hidden", text: t("ratings_title", { quality: competency(key).name }) }),
      h("p", { class: "hint", id: "goal-ratings-help", text: t("ratings_help") }),
      page.statements[key].map((text, i) => ratingGroup({
        id: `rate-${key}-${i}`, text, scale: page.scale, value: ratings[key][i],
        onChange: (answer) => { ratings[key][i] = answer; remember(); },
      }))));
  };
  const remember = () => {
    saveDraft(draftKey, { competency: chosen(), reason: reason.area.value, ratings });
    status.className = "message";
    status.textContent = wasSent ? t("goal_unsent") : "";
  };
  for (const r of rows) {
    r.input.addEventListener("change", () => { remember(); showError(groupError, ""); showRatings(); });
  }
  reason.area.addEventListener("input", remember);
  showRatings();

  const submit = h("button", { type: "submit", class: "button primary" }, t("send_goal"));
  let sending = false;
  const form = h("form", { class: "card form", novalidate: true },
    h("fieldset", { "aria-describedby": "goal-help goal-error" },
      h("legend", {}, h("h2", { text: t("development_title") })),
      h("p", { class: "hint", id: "goal-help", text: t("development_help") }),
      groupError,
      h("div", { class: "choices tiles" }, rows.map((r) => r.item))),
    ratingsBox, reason.block, submit, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = chosen();
    if (!key) {
      showError(groupError, t("error_one"));
      rows[0].input.focus();
      return;
    }
    if (!validReason(reason.area, reason.error)) {
      reason.area.focus();
      return;
    }
    if (sending) return;
    sending = true;
    submit.setAttribute("aria-disabled", "true");
    const answers = ratings[key] ?? [];
    const result = await send("goal", {
      competency: key, reason: reason.area.value.trim(),
      ...(answers.some(Boolean) ? { ratings: answers } : {}),
    });
    sending = false;
    submit.removeAttribute("aria-disabled");
    if (result.ok) {
      wasSent = true;
      saveDraft(draftKey, null);
    }
    status.textContent = result.ok ? t("goal_sent") : result.error;
    if (result.error === t("offline_send")) status.dataset.offline = "goal_unsent";
    status.className = result.ok ? "message ok" : "message error";
  });
  return form;
}

/** My own line in my duo: addressed as "you", never in the third person. */
function myLine(me) {
  if (!me.goal) return t("my_no_goal");
  const goal = inSentence(competency(me.goal).name);
  if (me.coach) return tn("my_coach", me.coach.votes, { goal, coach: me.coach.name });
  return t("my_no_coach", { goal });
}

function duoView(s) {
  const group = s.group;
  const closed = s.phase === "closed";
  if (!group) return h("section", { class: "card" }, h("p", { text: t("pairing_wait") }));
  const others = group.members.filter((m) => m.id !== s.me.id);
  return h("section", { class: "card duo" },
    h("h2", { text: t("your_duo") }),
    h("p", { class: "partner", text: others.length
      ? t("partner", { names: others.map((m) => m.name).join(" + ") }) : t("alone") }),
    h("ul", {}, group.members.map((m) => h("li", { class: m.goal && !m.coach ? "warning" : "",
      text: m.id === s.me.id ? myLine(m) : coachLine(m, group) }))),
    h("p", { class: "note", text: closed ? t("duos_final") : t("duos_draft") }),
    myLearningPoints(s),
    closed ? h("p", { text: t("closed_text") }) : null,
    closed ? h("p", {}, h("a", { class: "button primary", href: page.result_url },
      t("my_result_link"))) : null);
}

// Coach mode: my coach and why, and whom I coach (with what they want to learn).
function coachView(s) {
  const mine = s.coaching;
  const closed = s.phase === "closed";
  const coach = mine?.coach;
  const goal = mine?.goal ? inSentence(shownName(competency(mine.goal))) : null;
  return h("section", { class: "card duo" },
    h("h2", { text: t("your_coach") }),
    coach ? h("p", { class: "partner", text: t("you_learn_from", { name: coach.name }) })
      : h("p", { text: t("pairing_wait") }),
    coach && goal && coach.votes > 0 ? h("p", { text: tn("coach_votes", coach.votes,
      { name: coach.name, goal }) }) : null,
    mine?.learners.length ? [h("p", { text: t("you_coach") }),
      h("ul", {}, mine.learners.map((l) => h("li", { text: l.goal
        ? t("learner_goal", { name: l.name, goal: shownName(competency(l.goal)) })
        : t("learner_no_goal", { name: l.name }) })))] : null,
    h("p", { class: "note", text: closed ? t("coaching_final") : t("coaching_draft") }),
    closed ? h("p", { text: t("closed_text") }) : null,
    closed ? h("p", {}, h("a", { class: "button primary", href: page.result_url },
      t("my_result_link"))) : null);
}

// At the end: the tasks of the cycle that fit me best, and why (about me only).
const taskTitles = Object.fromEntries((page.tasks ?? []).map((task) => [task.key, task.title]));
const listed = (keys) => keys.map((k) => inSentence(shownName(competency(k)))).join(", ");

function myTasksView(s) {
  const mine = s.my_tasks;
  if (!mine || !s.my_results.length) return null; // nothing to say before my own round
  const title = h("h2", { text: t("my_tasks_title") });
  if (!mine.fits.length) {
    return h("section", { class: "card my-tasks" }, title, h("p", {
      text: mine.strong.length ? t("my_tasks_some", { qualities: listed(mine.strong) })
        : t("my_tasks_none") }));
  }
  return h("section", { class: "card my-tasks" }, title,
    h("p", { text: t("my_tasks_intro") }),
    h("ol", { class: "fitting-list" }, mine.fits.map((fit) => h("li", {},
      h("p", { class: "task-name" }, h("span", { class: "task-number", text: fit.key }), " ",
        taskTitles[fit.key] ?? ""),
      h("p", { text: t("my_task_why", { qualities: listed(fit.qualities) }) })))));
}

function myResults(s) {
  const title = h("h2", { text: t("your_results_title") });
  if (!s.my_results.length) {
    // The rounds ended before this member's turn: say so, kindly, instead of nothing.
    return s.my_round === "missed" ? [title, h("p", { class: "round-missed", text: t("turn_missed") })] : [];
  }
  const parts = [
    s.my_results.map((r) => renderTally(r.tally)),
    selfCompare(s, { consent: true }),
    s.goal ? h("p", { text: t("my_goal", { goal: shownName(competency(s.goal.competency)) }) }) : null,
  ];
  // While choosing a goal the results are there to look back at: folded, so that the step
  // itself stays short.
  if (s.phase === "development") {
    return h("details", { class: "results-fold" }, h("summary", {}, title), parts);
  }
  return [title, parts];
}

function stageKey(s) {
  if (s.phase !== "rounds") return s.phase;
  const r = s.round;
  return r ? `round:${r.id}:${r.state}:${r.is_me ? "me" : "other"}` : "rounds:none";
}

function render(s) {
  const key = stageKey(s);
  const previous = view.dataset.stage;
  const r = s.round;
  let ownRevealed = false;
  if (key.endsWith(":open:other")) {
    if (easyRead()) stage(view, `${key}:easy`, () => easyPickForm(s, send));
    else stage(view, key, () => pickForm(s));
    const progress = document.getElementById("round-progress");
    if (progress) progress.textContent = tn("progress", r.answered_count, { answered: r.answered_count, total: r.voter_count });
  } else if (s.phase === "development") {
    if (easyRead()) stage(view, `${key}:easy`, () => easyGoalForm(s, send));
    else stage(view, key, () => goalForm(s));
  } else {
    view.dataset.stage = key;
    let content;
    if (s.phase === "lobby") {
      content = [h("h2", { text: t("hello", { name: s.me.name }) }), h("p", { text: t("lobby_wait") }),
        centralChoice(s, send)];
    } else if (s.phase === "rounds" && !r) {
      content = [h("h2", { text: t("wait_next") }), centralChoice(s, send)];
    } else if (s.phase === "rounds" && r.state === "open") {
      content = [h("h2", { text: t("your_round_title") }), h("p", { text: t("your_round_text") }),
        h("p", { class: "progress", text: tn("progress", r.answered_count, { answered: r.answered_count, total: r.voter_count }) })];
    } else if (s.phase === "rounds") {
      ownRevealed = r.is_me;
      const lateKey = `pick:${page.session}:${s.me.id}:${r.id}`;
      if (!r.is_me && loadDraft(lateKey)) {
        // Typed or changed but not sent before the reveal: say so, instead of silence.
        tooLate.add(r.id);
        saveDraft(lateKey, null);
      }
      content = [
        h("h2", { text: r.is_me ? t("your_results_title") : t("revealed_title", { name: r.central.name }) }),
        tooLate.has(r.id) ? h("p", { class: "message error", text: t("too_late") }) : null,
        renderTally(r.tally),
        r.is_me ? selfCompare(s, { consent: true }) : null,
        h("p", { class: "note", text: t("wait_next") }),
        r.is_me ? null : centralChoice(s, send),
      ];
    } else {
      if (s.phase === "closed") forgetDrafts();
      content = [s.pairing_mode === "coach" ? coachView(s) : duoView(s), myTasksView(s)];
    }
    rebuild(view, content);
  }
  // Back online (a snapshot came): "not sent, no connection" is no longer true.
  const stale = view.querySelector("[role=status][data-offline]");
  if (stale) {
    stale.textContent = t(stale.dataset.offline);
    stale.className = "message";
    delete stale.dataset.offline;
  }
  rebuild(timerSlot, countdown("phone", s.timer, { doneKey: "timer_done_phone" }));
  // The host skipped this member's round (they were away): it comes at the end.
  rebuild(turnNote, s.phase === "rounds" && s.my_round === "later"
    ? h("p", { class: "turn-later", text: t("turn_later") }) : null);
  renderEarlier(s, send); // a follow-up: who I was last time, and what I had then
  renderSelfView(s);
  const mine = [ownRevealed ? [] : myResults(s)].flat();
  results.hidden = !mine.length;
  const wasOpen = results.querySelector(":scope > details")?.open;
  rebuild(results, mine);
  const fold = results.querySelector(":scope > details");
  if (fold && wasOpen) fold.open = true; // a new snapshot does not close what the member opened
  if (previous && previous !== key) toTop();
}

/** A new step: show it from its top, and start keyboard and screen reader there. */
function toTop() {
  window.scrollTo(0, 0);
  const heading = view.querySelector("h2");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

function announceChange(before, after) {
  if (!before) return; // a (re)loaded page: nothing changed while the member watched
  const r = after.round;
  if (r && r.state === "open" && before?.round?.id !== r.id) {
    const moved = after.my_round === "later" && before.my_round !== "later";
    announce([r.is_me ? t("announce_own_round") : t("announce_round", { name: r.central.name }),
      moved ? t("turn_later") : ""].join(" ").trim());
  } else if (r && r.state === "revealed" && before?.round?.state === "open") {
    announce(t("announce_revealed"));
  } else if (after.group && !before?.group) {
    announce(t("announce_duo"));
  } else if (after.coaching?.coach && !before?.coaching?.coach) {
    announce(t("announce_coach"));
  }
}

// --- the self-view: my own choice (3 that fit me, 3 to develop), next to the team's ----
// Optional, in the lobby and whenever there is nothing to answer; only this phone sees it
// unless the member allows the screen and the facilitator to show it.

const SELF_CHOICES = page.self_choices; // as many that fit me as I want to develop

function selfViewForm(s) {
  const mine = s.self_view;
  const draftKey = `self:${page.session}:${s.me.id}`;
  const draft = loadDraft(draftKey); // only choices that were not saved
  const saved = () => mine.fits.length > 0 || mine.develops.length > 0;
  const status = h("p", { class: "message", role: "status", id: "self-status",
    text: draft ? t("self_unsent") : (saved() ? t("self_saved") : "") });
  const lists = [
    { name: "self-fit", legend: t("self_fits_question"), chosen: draft?.fits ?? mine.fits },
    { name: "self-dev", legend: t("self_develops_question"), chosen: draft?.develops ?? mine.develops },
  ].map((list) => {
    const rows = competencies.map((c) => ({ c, ...tile(c, list.chosen.includes(c.key), { name: list.name, more: false }) }));
    const counter = h("p", { class: "counter", id: `${list.name}-count`, "aria-live": "polite" });
    const error = h("p", { class: "error", id: `${list.name}-error`, hidden: true });
    const fieldset = h("fieldset", { "aria-describedby": `${list.name}-count ${list.name}-error` },
      h("legend", {}, h("h3", { text: list.legend })), counter, error,
      h("div", { class: "choices tiles" }, rows.map((r) => r.item)));
    return { ...list, rows, counter, error, fieldset };
  });
  const [fitList, devList] = lists;
  const keysOf = (list) => list.rows.filter((r) => r.input.checked).map((r) => r.c.key);
  const count = () => {
    for (const list of lists) list.counter.textContent = t("self_count", { n: keysOf(list).length });
  };
  const remember = () => {
    saveDraft(draftKey, { fits: keysOf(fitList), develops: keysOf(devList) });
    status.className = "message";
    status.textContent = t("self_unsent");
  };
  for (const list of lists) {
    const other = list === fitList ? devList : fitList;
    for (const r of list.rows) {
      r.input.addEventListener("change", () => {
        showError(list.error, "");
        let problem = "";
        if (r.input.checked && keysOf(list).length > SELF_CHOICES) problem = t("self_error_fourth");
        else if (r.input.checked && keysOf(other).includes(r.c.key)) {
          problem = t("self_error_both", { quality: r.c.name });
        }
        if (problem) {
          // Leave it unticked and say why right here, where the member looks.
          r.input.checked = false;
          showError(list.error, problem);
          announce(problem);
        }
        count();
        remember();
      });
    }
  }
  count();

  const consent = h("input", { type: "checkbox", id: "self-show", "aria-describedby": "self-show-hint" });
  consent.checked = mine.show;
  consent.addEventListener("change", async () => {
    const result = await send("self_view_shown", { show: consent.checked });
    if (!result.ok) {
      consent.checked = !consent.checked;
      status.className = "message error";
      status.textContent = result.error;
    }
  });

  const submit = h("button", { type: "submit", class: "button primary" }, t("self_save"));
  const summary = h("summary", { text: saved() ? t("self_title_saved") : t("self_title") });
  const form = h("form", { class: "form", novalidate: true },
    h("p", { class: "hint", text: t("self_help") }),
    fitList.fieldset, devList.fieldset,
    h("div", { class: "consent" },
      h("label", { class: "choice", for: "self-show" }, consent, h("span", { text: t("self_show") })),
      h("p", { class: "hint", id: "self-show-hint", text: t("self_show_hint") })),
    submit, status);
  let sending = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fits = keysOf(fitList);
    const develops = keysOf(devList);
    let firstBad = null;
    for (const list of lists) {
      const n = keysOf(list).length;
      if (n !== 0 && n !== SELF_CHOICES) {
        showError(list.error, t("self_error_three"));
        firstBad ??= list;
      }
    }
    if (firstBad) {
      (firstBad.rows.find((r) => r.input.checked) ?? firstBad.rows[0]).input.focus();
      return;
    }
    if (sending) return;
    sending = true;
    submit.setAttribute("aria-disabled", "true");
    const result = await send("self_view", { fits, develops });
    sending = false;
    submit.removeAttribute("aria-disabled");
    if (result.ok) {
      saveDraft(draftKey, null);
      summary.textContent = fits.length || develops.length ? t("self_title_saved") : t("self_title");
    }
    status.textContent = result.ok ? t("self_saved") : result.error;
    status.className = result.ok ? "message ok" : "message error";
  });
  // Optional: folded away until the member opens it (open when there is unsaved work).
  return h("details", { class: "card self-details", open: Boolean(draft) }, summary, form);
}

function renderSelfView(s) {
  const mine = s.self_view;
  if (!mine || !mine.open) {
    selfSection.hidden = true;
    selfSection.replaceChildren();
    delete selfSection.dataset.stage;
    return;
  }
  const r = s.round;
  // Not while the member still has an answer to give: that comes first.
  const mustAnswer = s.phase === "rounds" && r && r.state === "open" && !r.is_me
    && !(r.my_picks?.length);
  selfSection.hidden = Boolean(mustAnswer);
  stage(selfSection, "self", () => selfViewForm(s));
  // Consent can also change at the own reveal (or in another tab): follow the server.
  const box = document.getElementById("self-show");
  if (box && document.activeElement !== box) box.checked = mine.show;
}

/** At the own reveal: say who sees the own choice, and let the member change that here. */
function consentLine(s) {
  const shown = s.self_view.show;
  const toggle = async () => {
    const result = await send("self_view_shown", { show: !shown });
    if (!result.ok) announce(result.error);
  };
  return h("p", { class: "consent-line" },
    h("span", { text: shown ? t("compare_shown") : t("compare_private") }), " ",
    h("button", { type: "button", class: "button small", "data-key": "self-show-toggle",
      onclick: toggle }, shown ? t("compare_hide") : t("compare_show")));
}

/** At the member's own reveal: what they chose for themselves next to the team's choice. */
function selfCompare(s, { consent = false } = {}) {
  const cmp = s.self_view?.compare;
  if (!cmp) return null;
  const column = (title, kind, keys) => h("div", { class: `compare-col ${kind}` },
    h("h3", { text: title }),
    keys.length
      ? h("ul", { class: "plain" }, keys.map((k) => h("li", {}, icon(k),
        h("span", { class: "c-name", text: shownName(competency(k)) }))))
      : h("p", { class: "hint", text: t("compare_none") }));
  return h("section", { class: "compare", "aria-labelledby": "compare-title" },
    h("h3", { id: "compare-title", class: "compare-title", text: t("compare_title") }),
    h("div", { class: "compare-cols" },
      column(t("compare_both"), "both", cmp.both),
      column(t("compare_team"), "team", cmp.team_only),
      column(t("compare_self"), "self", cmp.self_only)),
    consent ? consentLine(s) : null);
}

/** The goal's statements answered "a bit" or "not true": what to work on with the duo. */
function myLearningPoints(s) {
  const goal = s.goal;
  if (!goal?.ratings) return null;
  const points = learningPoints(page.statements[goal.competency] ?? [], goal.ratings, page.scale);
  if (!points.length) return null;
  return h("div", { class: "learning" },
    h("h3", { text: t("talk_about") }),
    h("ul", {}, points.map((p) => h("li", { text: p }))));
}
