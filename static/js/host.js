// The facilitator's page: the board (as on the projector) plus the controls.
// Presentation mode hides the controls and links, for a laptop mirrored to the projector.
import { boardContent, paginateSoon } from "./board.js";
import { hideWhenIdle } from "./idle.js";
import { announce, coachLine, connect, h, page, rebuild, t, tn } from "./live.js";
import { revealControls, revealKeys, stepLabel } from "./reveal.js";

const board = document.getElementById("board");
const controls = document.getElementById("controls");
const message = document.getElementById("host-message");

let state = null;
const { send } = connect({ role: "host", session: page.session }, (next) => {
  announceChange(state, next);
  state = next;
  controls.before(message); // home again before the controls are rebuilt
  message.textContent = "";
  rebuild(board, boardContent(state));
  rebuild(controls, controlsFor(state));
  if (document.body.classList.contains("presenting")) paginateSoon(board);
});

// An action waiting for its answer is not sent again: a double click on "next" moves one
// round. Another action (R, then N at once) goes ahead.
const pending = new Set();

async function act(event, data = {}, confirmText = null) {
  if (pending.has(event)) return;
  if (confirmText && !window.confirm(confirmText)) return;
  // A refusal is shown right under the button that was pressed, where the eyes are.
  const pressed = document.activeElement;
  pending.add(event);
  const result = await send(event, data).finally(() => pending.delete(event));
  message.textContent = result.ok ? "" : result.error;
  if (!result.ok && pressed?.dataset.key && document.contains(pressed)) {
    pressed.after(message);
  }
}

function button(key, text, onclick, { primary = false } = {}) {
  return h("button", {
    type: "button", class: primary ? "button primary" : "button", "data-key": key, onclick,
  }, text);
}

function announceChange(before, after) {
  const round = after.round;
  if (!round) return;
  if (before?.round?.id !== round.id && round.state === "open") {
    announce(t("announce_round", { name: round.central.name }));
  } else if (before?.round?.state === "open" && round.state === "revealed") {
    announce(t("announce_revealed"));
  } else if (round.state === "revealed" && before?.round?.id === round.id
    && before.round.step !== round.step) {
    announce(stepLabel(round));
  }
}

// --- sections ------------------------------------------------------------------

function membersSection(s) {
  const canRemove = ["lobby", "rounds", "development", "pairing"].includes(s.phase);
  const joinable = ["lobby", "rounds", "development"].includes(s.phase);
  return h("section", { class: "card" },
    h("h2", { text: `${t("members_title")} (${s.members.length})` }),
    joinable ? h("p", {},
      h("span", { text: t(s.joining_open ? "joining_open" : "joining_closed") }), " ",
      button("joining", t(s.joining_open ? "close_joining" : "open_joining"),
        () => act("set_joining", { open: !s.joining_open }))) : null,
    s.members.length ? h("ul", { class: "member-list" }, s.members.map((m) => h("li", {},
      h("span", { class: "name", text: m.name }),
      canRemove ? button(`remove-${m.id}`, t("remove", { name: m.name }),
        () => act("remove_member", { member_id: m.id }, t("remove_confirm", { name: m.name })))
        : null))) : h("p", { text: t("nobody_yet") }),
    canRemove && s.members.length > 1 ? removeSeveral(s) : null);
}

// "Remove several at once" (names that should not be there, a group that left). What is
// ticked, and whether it is open, survives the snapshots that rebuild this section.
const ticked = new Set();
let severalOpen = false;

function removeSeveral(s) {
  for (const id of [...ticked]) if (!s.members.some((m) => m.id === id)) ticked.delete(id);
  return h("details", { class: "remove-several", open: severalOpen,
    ontoggle: (event) => { severalOpen = event.currentTarget.open; } },
  h("summary", { text: t("remove_several") }),
  h("fieldset", {},
    h("legend", { text: t("remove_several_help") }),
    s.members.map((m) => h("label", { class: "choice" },
      h("input", { type: "checkbox", "data-key": `tick-${m.id}`, checked: ticked.has(m.id),
        onchange: (event) => {
          if (event.currentTarget.checked) ticked.add(m.id); else ticked.delete(m.id);
        } }),
      " ", m.name))),
  button("remove-ticked", t("remove_ticked"), () => {
    const chosen = s.members.filter((m) => ticked.has(m.id));
    if (!chosen.length) {
      message.textContent = t("tick_first");
      return;
    }
    act("remove_members", { member_ids: chosen.map((m) => m.id) },
      t("remove_ticked_confirm", { names: chosen.map((m) => m.name).join(", ") }));
  }));
}

function orderSection(s) {
  const pending = s.order.filter((r) => r.state === "pending");
  return h("section", { class: "card" },
    h("h2", { text: t("order_title") }),
    h("p", { class: "hint", text: t("order_help") }),
    h("ol", { class: "order" }, s.order.map((r) => {
      const index = pending.findIndex((p) => p.round_id === r.round_id);
      return h("li", { class: `order-${r.state}` },
        h("span", { class: "name", text: r.name }),
        h("span", { class: "state", text: ` (${t(`state_${r.state}`)})` }),
        index >= 0 ? h("span", { class: "buttons" },
          index > 0 ? button(`up-${r.round_id}`, "↑", () =>
            act("move_round", { round_id: r.round_id, direction: -1 })) : null,
          index < pending.length - 1 ? button(`down-${r.round_id}`, "↓", () =>
            act("move_round", { round_id: r.round_id, direction: 1 })) : null) : null);
    })),
    pending.length > 1 ? button("shuffle", t("shuffle"), () => act("shuffle")) : null);
}

// Arrow buttons get their full name for screen readers (the arrow alone says nothing).
function labelArrows(section, s) {
  for (const r of s.order) {
    section.querySelector(`[data-key="up-${r.round_id}"]`)
      ?.setAttribute("aria-label", t("move_up", { name: r.name }));
    section.querySelector(`[data-key="down-${r.round_id}"]`)
      ?.setAttribute("aria-label", t("move_down", { name: r.name }));
  }
  return section;
}

function reveal() {
  const round = state?.round;
  if (round?.state === "open") act("reveal", { round_id: round.id });
}

function nextRound() {
  const round = state?.round;
  if (state?.phase !== "rounds" || state.rounds_left === 0) return;
  if (!round || round.state === "revealed") act("next_round", { round_id: round?.id ?? null });
}

function roundSection(s) {
  const round = s.round;
  const left = s.rounds_left;
  const parts = [];
  if (round) {
    parts.push(h("h2", { text: `${t("round_of", round)}: ${round.central.name}` }));
    if (round.state === "open") {
      parts.push(h("p", { text: tn("progress", round.answered_count, {
        answered: round.answered_count, total: round.voter_count }) }));
      parts.push(button("reveal", t("reveal"), reveal, { primary: true }));
      if (left > 0) {
        parts.push(button("skip", t("skip_round"), () => act("skip_round", { round_id: round.id })));
      }
    }
  } else {
    parts.push(h("h2", { text: t("no_round") }));
  }
  if (round?.state === "revealed") parts.push(revealControls(s, act));
  if ((!round || round.state === "revealed") && left > 0) {
    // Primary once the last step of the answers is on the screen.
    const shown = !round || (round.step ?? 0) >= (round.steps?.length ?? 1) - 1;
    parts.push(button("next", t("next_round"), nextRound, { primary: shown }));
  }
  if (!round || round.state === "revealed") {
    parts.push(button("development", t("start_development"), () => act("start_development",
      {}, left > 0 ? tn("rounds_left", left) : null), { primary: left === 0 }));
  }
  return h("section", { class: "card now" }, parts);
}

function developmentSection(s) {
  const missing = (s.development ?? []).filter((p) => !p.done).length;
  return h("section", { class: "card now" },
    h("h2", { text: t("development_title") }),
    button("pairing", t("start_pairing"), () => act("start_pairing", {},
      missing ? tn("pairing_missing", missing) : null), { primary: true }));
}

function pairingSection(s) {
  const editable = s.phase === "pairing";
  const groups = s.groups ?? [];
  return h("section", { class: "card now" },
    h("h2", { text: t("duos_title") }),
    h("p", { class: "note", text: editable ? t("duos_draft") : t("duos_final") }),
    h("ol", { class: "groups" }, groups.map((group) => h("li", { class: "group" },
      h("h3", { text: `${t("group_n", { n: group.label })}: ${group.members.map((m) => m.name).join(" + ")}` }),
      h("ul", {}, group.members.map((m) => h("li", {
        class: (m.goal && !m.coach) || group.members.length === 1 ? "warning" : "" },
        h("p", { text: coachLine(m, group) }),
        m.reason ? h("p", { class: "quote", text: `“${m.reason}”` }) : null,
        m.also_strong?.length ? h("p", { class: "hint", text: t("also_strong", {
          names: m.also_strong.map((o) => `${o.name} (${tn("votes", o.votes)})`).join(", ") }) })
          : null,
        editable ? moveControl(m, group, groups) : null)))))),
    editable ? h("p", { class: "actions" },
      button("confirm", t("confirm_duos"), () => act("confirm_duos", { version: s.version },
        t("confirm_duos_confirm")), { primary: true }),
      button("remake", t("remake_duos"), () => act("start_pairing", { version: s.version },
        t("remake_duos_confirm")))) : null,
    s.phase === "closed" ? downloads() : null);
}

function downloads() {
  const links = page.downloads;
  const link = (key, text, download) => h("li", {}, h("a", {
    class: "button", href: links[key], "data-key": key, download: download ? "" : false,
    target: download ? false : "_blank",
  }, text));
  return h("section", { class: "downloads" },
    h("h3", { text: t("downloads") }),
    h("ul", { class: "plain" },
      link("csv", t("download_csv"), true),
      link("xlsx", t("download_xlsx"), true),
      link("print", t("download_print"), false),
      link("report", t("download_report"), false)));
}

// One choice per member: move them to another group, or swap them with someone there.
function moveControl(member, group, groups) {
  const id = `move-${member.id}`;
  const others = groups.filter((g) => g !== group);
  const select = h("select", { id, "data-key": id },
    h("optgroup", { label: t("move_to_group") },
      others.map((g) => h("option", { value: `group:${g.number}` },
        `${t("group_n", { n: g.label })}: ${g.members.map((m) => m.name).join(" + ")}`)),
      h("option", { value: "group:new" }, t("new_group"))),
    h("optgroup", { label: t("swap_with") },
      others.flatMap((g) => g.members).map((m) => h("option", { value: `swap:${m.id}` },
        t("swap_option", { name: m.name })))));
  return h("div", { class: "move" },
    h("label", { for: id, text: t("move_to", { name: member.name }) }), select,
    button(`move-button-${member.id}`, t("move"), () => {
      const [kind, target] = select.value.split(":");
      // The version says which duos this page showed: a change made meanwhile in another
      // host window wins, and this page is told instead of undoing it unseen.
      const version = state.version;
      if (kind === "swap") {
        act("swap_members", { member_id: member.id, other_id: Number(target), version });
      } else {
        act("move_member", { member_id: member.id, group: target === "new" ? "new" : Number(target),
          version });
      }
    }));
}

async function deleteSession() {
  if (!window.confirm(t("delete_confirm"))) return;
  const result = await send("delete_session");
  // Via the session's own address, so that the browser forgets its cookie for it.
  if (result.ok) window.location.assign(`/s/${encodeURIComponent(page.session)}/left`);
  else message.textContent = result.error;
}

// --- the facilitator's guide: notes per step, opening slide, round timer --------------

// What the facilitator can say and ask at each step. Only on this page, never on the
// projector (presentation mode hides it with the other controls).
function noteKey(s) {
  if (s.phase !== "rounds") return s.phase;
  if (!s.round) return "between";
  return s.round.state === "revealed" ? "revealed" : "open";
}

let notesOpen = true; // the facilitator's choice stays while the page rebuilds

function notesSection(s) {
  const key = noteKey(s);
  const name = s.round?.central.name ?? "";
  const lines = t(`note_${key}`, { name }).split("\n");
  const details = h("details", { class: "card notes", open: notesOpen, "data-key": "notes" },
    h("summary", { text: t("notes_title") }),
    h("ul", {}, lines.map((line) => h("li", { text: line }))));
  details.addEventListener("toggle", () => { notesOpen = details.open; });
  return details;
}

const TIMER_CHOICES = [0, 60, 120, 180, 300, 600];

function guideSection(s) {
  const parts = [
    h("h2", { text: t("big_screen_title") }),
    button("opening", t(s.opening ? "hide_opening" : "show_opening"),
      () => act("show_opening", { show: !s.opening })),
  ];
  if (["lobby", "rounds"].includes(s.phase)) {
    const select = h("select", { id: "timer-select", "data-key": "timer-select",
      "aria-describedby": "timer-help" },
    TIMER_CHOICES.map((seconds) => h("option", { value: String(seconds),
      selected: seconds === s.timer_seconds },
    seconds ? tn("minutes", seconds / 60) : t("timer_off"))));
    select.addEventListener("change", () => act("set_timer", { seconds: Number(select.value) }));
    parts.push(h("div", { class: "field timer-field" },
      h("label", { for: "timer-select", text: t("timer_label") }), select,
      h("p", { class: "hint", id: "timer-help", text: t("timer_help") })));
  }
  return h("section", { class: "card guide" }, parts);
}

function controlsFor(s) {
  const sections = [];
  if (s.phase === "lobby") {
    sections.push(h("section", { class: "card now" },
      button("start", t("start_rounds"), () => act("start_rounds"), { primary: true }),
      s.members.length < 2 ? h("p", { class: "hint", text: t("need_two") }) : null));
  } else if (s.phase === "rounds") sections.push(roundSection(s));
  else if (s.phase === "development") sections.push(developmentSection(s));
  else sections.push(pairingSection(s));
  sections.push(notesSection(s), guideSection(s));
  if (["lobby", "rounds"].includes(s.phase)) sections.push(labelArrows(orderSection(s), s));
  if (s.phase !== "closed") sections.push(membersSection(s));
  sections.push(h("section", { class: "card" },
    h("h2", { text: t("delete_title") }),
    h("p", { class: "hint", text: t("delete_help") }),
    button("delete", t("delete_session"), deleteSession)));
  return sections;
}

// --- presentation mode -----------------------------------------------------------

const toggle = document.getElementById("presentation");
const exit = document.getElementById("presentation-exit");
const help = document.getElementById("presentation-help");

function setPresentation(on) {
  document.body.classList.toggle("presenting", on);
  help.hidden = !on;
  if (on) paginateSoon(board);
  else if (state) rebuild(board, boardContent(state));
  // In presentation mode the focus goes to the page, not to the button: a focused button
  // would stay on the projector. Tab reaches it; it also shows when the mouse moves.
  if (on) document.getElementById("main").focus({ preventScroll: true });
  else toggle.focus();
}
hideWhenIdle(exit);

// A mirrored laptop that changes resolution (full screen) splits the board again.
window.addEventListener("resize", () => {
  if (document.body.classList.contains("presenting")) paginateSoon(board);
});
revealKeys(() => state, act);
toggle.addEventListener("click", () => setPresentation(true));
exit.addEventListener("click", () => setPresentation(false));
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest?.("input, select, textarea, summary")) return;
  const key = event.key.toLowerCase();
  if (key === "escape") {
    if (!document.body.classList.contains("presenting")) return;
    setPresentation(false);
  }
  else if (key === "r") reveal();
  else if (key === "n") nextRound();
  else return;
  event.preventDefault();
});
