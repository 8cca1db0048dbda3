// The facilitator's page: the board (as on the projector) plus the controls.
// Presentation mode hides the controls and links, for a laptop mirrored to the projector.
import { boardContent, paginateSoon } from "./board.js";
import { hideWhenIdle } from "./idle.js";
import {
  alsoLine, announce, coachLine, competencies, competency, connect, h, page, rebuild,
  renderCoaching, t, tn,
} from "./live.js";
import { claimsSection, followUpSection } from "./followup.js";
import { closingControls, pairingMap, partControls, rolesSection, slideKeys } from "./picture.js";
import { revealControls, revealKeys, stepLabel } from "./reveal.js";

const board = document.getElementById("board");
const controls = document.getElementById("controls");
const message = document.getElementById("host-message");
const side = document.getElementById("side");

let state = null;
const { send } = connect({ role: "host", session: page.session }, (next) => {
  announceChange(state, next);
  state = next;
  controls.before(message); // home again before the controls are rebuilt
  message.textContent = "";
  rebuild(board, boardContent(state));
  // At the duo step the main card has the column of its own; the rest goes under the board.
  const sections = controlsFor(state).filter(Boolean);
  const apart = state.phase === "pairing";
  rebuild(controls, apart ? sections.filter((el) => el.classList.contains("now")) : sections);
  rebuild(side, apart ? sections.filter((el) => !el.classList.contains("now")) : []);
  document.body.dataset.phase = state.phase;
  if (document.body.classList.contains("presenting")) paginateSoon(board);
});

// An action waiting for its answer is not sent again: a double click on "next" moves one
// round. Another action (R, then N at once), or the same one about something else (← to the
// map just after → to the cycle, before that answer came), goes ahead.
const pending = new Set();

async function act(event, data = {}, confirmText = null) {
  const key = `${event} ${JSON.stringify(data)}`;
  if (pending.has(key)) return;
  if (confirmText && !window.confirm(confirmText)) return;
  // A refusal is shown right under the button that was pressed, where the eyes are.
  const pressed = document.activeElement;
  pending.add(key);
  const result = await send(event, data).finally(() => pending.delete(key));
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
  const canRemove = page.changing_phases.includes(s.phase);
  const joinable = page.joining_phases.includes(s.phase);
  return h("section", { class: "card" },
    h("h2", { text: `${t("members_title")} (${s.members.length})` }),
    joinable ? h("p", {},
      h("span", { text: t(s.joining_open ? "joining_open" : "joining_closed") }), " ",
      button("joining", t(s.joining_open ? "close_joining" : "open_joining"),
        () => act("set_joining", { open: !s.joining_open }))) : null,
    s.members.length ? h("ul", { class: "member-list" }, s.members.map((m) => h("li", {},
      h("span", { class: "name", text: m.name }),
      m.via_host ? h("span", { class: "via-host", text: t("via_host") }) : null,
      canRemove ? memberMenu(m, [
        button(`via-${m.id}`, t(m.via_host ? "via_phone_button" : "via_host_button",
          { name: m.name }), () => act("set_via_host", { member_id: m.id, on: !m.via_host })),
        button(`remove-${m.id}`, t("remove", { name: m.name }),
          () => act("remove_member", { member_id: m.id }, t("remove_confirm", { name: m.name }))),
      ]) : null))) : h("p", { text: t("nobody_yet") }),
    joinable ? addProxyForm : null,
    canRemove && s.members.length > 1 ? removeSeveral(s) : null);
}

// Rare actions for one member fold into one small menu (a disclosure: Enter or Space
// opens it, a screen reader says it is collapsed or expanded). Which menus are open
// survives the snapshots that rebuild the page.
const menusOpen = new Set();

function memberMenu(member, actions, key = `menu-${member.id}`) {
  return h("details", { class: "member-menu", open: menusOpen.has(key),
    ontoggle: (event) => {
      if (event.currentTarget.open) menusOpen.add(key); else menusOpen.delete(key);
    } },
  // Short on the page ("⋯ More"); its whole name ("More for Ann") for screen readers.
  h("summary", { "data-key": key, "aria-label": t("member_menu", { name: member.name }) },
    h("span", { "aria-hidden": "true", text: `⋯ ${t("more")}` })),
  h("div", { class: "member-menu-body" }, actions));
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

// --- members without a phone: the facilitator answers for them ----------------------
// These forms are built once (or once per round) and moved into each rebuilt page, so a
// snapshot that arrives while the facilitator types never wipes the text.

const addProxyForm = (() => {
  const input = h("input", { type: "text", id: "proxy-name", "data-key": "proxy-name",
    maxlength: page.name_max, autocomplete: "off" });
  const form = h("form", { class: "add-proxy", novalidate: true },
    h("label", { for: "proxy-name", text: t("add_proxy_label") }),
    h("p", { class: "hint", id: "proxy-name-help", text: t("add_proxy_help") }),
    input,
    h("button", { type: "submit", class: "button", "data-key": "proxy-add" }, t("add_proxy")));
  input.setAttribute("aria-describedby", "proxy-name-help");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await act("add_proxy_member", { name: input.value });
    if (!message.textContent) input.value = "";
  });
  return form;
})();

let proxyKey = "";
const proxyBox = h("section", { class: "card proxy-box" });

function qualitySelect(id, value) {
  return h("select", { id, "data-key": id },
    h("option", { value: "" }, t("choose_quality")),
    competencies.map((c) => h("option", { value: c.key, selected: c.key === value }, c.name)));
}

function reasonInput(id, value) {
  const area = h("textarea", { id, "data-key": id, rows: 2, maxlength: page.max_reason });
  area.value = value ?? "";
  return area;
}

function proxyPickForm(s, m) {
  const sent = (s.proxies.find((p) => p.id === m.id)?.picks) ?? [];
  const slots = [...Array(page.picks_per_round).keys()]; // one quality and reason each
  const ids = slots.map((i) => `proxy-${m.id}-q${i}`);
  const selects = ids.map((id, i) => qualitySelect(id, sent[i]?.competency));
  const reasons = ids.map((id, i) => reasonInput(`${id}-reason`, sent[i]?.reason));
  const status = h("p", { class: sent.length ? "message ok" : "message", role: "status",
    id: `proxy-${m.id}-status`,
    text: sent.length ? t("proxy_sent") : "" });
  const form = h("form", { class: "proxy-form", novalidate: true },
    h("h3", { text: t("proxy_pick_title", { name: m.name, central: s.round.central.name }) }),
    slots.map((i) => h("div", { class: "field" },
      h("label", { for: ids[i], text: t("proxy_quality_n", { n: i + 1 }) }), selects[i],
      h("label", { for: `${ids[i]}-reason`, text: t("proxy_reason_n", { n: i + 1 }) }),
      reasons[i])),
    h("button", { type: "submit", class: "button primary", "data-key": `proxy-send-${m.id}` },
      t("proxy_send", { name: m.name })),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await send("proxy_pick", { member_id: m.id, round_id: s.round.id,
      picks: slots.map((i) => ({ competency: selects[i].value, reason: reasons[i].value })) });
    status.textContent = result.ok ? t("proxy_sent") : result.error;
    status.className = result.ok ? "message ok" : "message error";
  });
  return form;
}

function proxyGoalForm(s, m) {
  const sent = s.proxies.find((p) => p.id === m.id)?.goal;
  const id = `proxy-${m.id}-goal`;
  const select = qualitySelect(id, sent?.competency);
  const reason = reasonInput(`${id}-reason`, sent?.reason);
  const status = h("p", { class: sent ? "message ok" : "message", role: "status",
    id: `${id}-status`,
    text: sent ? t("proxy_goal_sent", { goal: competency(sent.competency).name }) : "" });
  const form = h("form", { class: "proxy-form", novalidate: true },
    h("h3", { text: t("proxy_goal_title", { name: m.name }) }),
    h("div", { class: "field" },
      h("label", { for: id, text: t("proxy_goal_label") }), select,
      h("label", { for: `${id}-reason`, text: t("proxy_goal_reason") }), reason),
    h("button", { type: "submit", class: "button primary", "data-key": `proxy-goal-send-${m.id}` },
      t("proxy_send", { name: m.name })),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await send("proxy_goal", { member_id: m.id, competency: select.value,
      reason: reason.value });
    status.textContent = result.ok
      ? t("proxy_goal_sent", { goal: competency(select.value).name }) : result.error;
    status.className = result.ok ? "message ok" : "message error";
  });
  return form;
}

/** The answers the facilitator gives for members without a phone, in this step. */
function proxySection(s) {
  const proxies = s.members.filter((m) => m.via_host);
  const round = s.round;
  let members = [];
  let kind = "";
  if (s.phase === "rounds" && round?.state === "open") {
    kind = `round:${round.id}`;
    members = proxies.filter((m) => m.id !== round.central.id);
  } else if (s.phase === "development") {
    kind = "goal";
    members = proxies;
  }
  if (!members.length) {
    proxyKey = "";
    return null;
  }
  const key = `${kind}:${JSON.stringify(members.map((m) => [m.id, m.name,
    s.proxies.find((p) => p.id === m.id)])) }`;
  if (key !== proxyKey) {
    proxyKey = key;
    proxyBox.replaceChildren(
      h("h2", { text: t("proxy_title") }),
      h("p", { class: "hint", text: t("proxy_help") }),
      ...members.map((m) => (kind === "goal" ? proxyGoalForm(s, m) : proxyPickForm(s, m))));
  }
  return proxyBox;
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
      parts.push(whoIsDone((round.voters ?? []).map((v) => ({ name: v.name, done: v.answered })),
        "answered", "not_answered"));
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

// Who has answered (or chosen) and who not yet, by name: for the facilitator only; the
// projector shows the count.
function whoIsDone(people, done, notDone) {
  return h("ul", { class: "chips answers" }, people.map((p) =>
    h("li", { class: p.done ? "chip done" : "chip" },
      h("span", { class: "mark", "aria-hidden": "true", text: p.done ? "✓" : "…" }),
      h("span", { text: p.name }),
      h("span", { class: "visually-hidden", text: `: ${t(p.done ? done : notDone)}` }))));
}

function developmentSection(s) {
  const people = s.development ?? [];
  const missing = people.filter((p) => !p.done).length;
  const coach = pairingChoice(s).mode === "coach";
  return h("section", { class: "card now" },
    h("h2", { text: t("development_title") }),
    h("p", { text: tn("development_progress", people.length - missing,
      { done: people.length - missing, total: people.length }) }),
    whoIsDone(people, "chosen", "not_chosen"),
    pairingModeChoice(s),
    button("pairing", t(coach ? "start_coaching" : "start_pairing"), () => act("start_pairing",
      { ...pairingChoice(s) }, missing ? tn(coach ? "coaching_missing" : "pairing_missing",
        missing) : null), { primary: true }));
}

// --- the pairing mode: duos (the default) or a coach for everyone --------------------
// The choice lives here until it is used, so a snapshot (a member chose) keeps it.
let choice = null;

function pairingChoice(s) {
  choice ??= { mode: s.pairing_mode, capacity: s.coach_capacity };
  return choice;
}

function pairingModeChoice(s) {
  const current = pairingChoice(s);
  const radio = (mode, text) => h("label", { class: "option" },
    h("input", { type: "radio", name: "pairing-mode", value: mode, "data-key": `mode-${mode}`,
      checked: current.mode === mode,
      onchange: () => { current.mode = mode; rebuild(controls, controlsFor(state)); } }),
    h("span", { text }));
  const capacity = h("select", { id: "coach-capacity", "data-key": "coach-capacity",
    onchange: () => { current.capacity = Number(capacity.value); } },
  page.coach_capacities.map((n) => h("option", { value: String(n),
    selected: n === current.capacity }, tn("capacity", n))));
  return h("fieldset", { class: "pairing-mode" },
    h("legend", { text: t("pairing_mode_legend") }),
    radio("duos", t("mode_duos")),
    radio("coach", t("mode_coach")),
    current.mode === "coach" ? h("p", { class: "field-inline" },
      h("label", { for: "coach-capacity", text: t("capacity_label") }), " ", capacity) : null);
}

function coachingSection(s) {
  const editable = s.phase === "pairing";
  const people = s.coaching ?? [];
  return h("section", { class: "card now" },
    h("h2", { text: t("coaching_title") }),
    h("p", { class: "note", text: editable ? t("coaching_draft") : t("coaching_final") }),
    editable ? partControls(s, button, act) : null,
    renderCoaching(people, { extra: (m) => [
      m.learners.length ? h("p", { class: "hint", text: t("coaches_list", {
        names: m.learners.map((l) => l.name).join(", ") }) }) : null,
      m.reason || m.also_strong?.length || editable ? memberMenu(m, [
        m.reason ? h("p", { class: "quote", text: `“${m.reason}”` }) : null,
        m.also_strong?.length ? h("p", { class: "hint", text: alsoLine(m) }) : null,
        editable ? coachControl(m, people, s) : null], `coach-menu-${m.id}`) : null] }),
    editable ? foldedModeChoice(s) : null,
    editable ? pairingActions(s) : null,
    s.phase === "closed" ? downloads() : null);
}

// At the duo step the mode was chosen already: its choice folds away (open while another
// mode is ticked than the one shown, so the main button's change is explained).
function foldedModeChoice(s) {
  const other = pairingChoice(s).mode !== s.pairing_mode;
  return h("details", { class: "mode-fold", open: other || foldsOpen.has("mode") || false,
    ontoggle: (event) => {
      if (event.currentTarget.open) foldsOpen.add("mode"); else foldsOpen.delete("mode");
    } },
  h("summary", { text: t("pairing_mode_legend") }),
  pairingModeChoice(s));
}

// The main button follows the mode chosen above: with the other mode ticked, it makes that
// proposal (and nothing can be confirmed until it is shown); otherwise it confirms.
function pairingActions(s) {
  const chosen = pairingChoice(s).mode;
  const coach = chosen === "coach";
  const remake = (key, confirmKey, primary) => button("remake", t(key), () => act("start_pairing",
    { version: s.version, ...pairingChoice(s) }, t(confirmKey)), { primary });
  if (chosen !== s.pairing_mode) {
    return h("p", { class: "actions" },
      remake(coach ? "start_coaching" : "start_pairing", "remake_pairing_confirm", true));
  }
  return h("p", { class: "actions" },
    button("confirm", t(coach ? "confirm_coaching" : "confirm_duos"), () => act("confirm_duos",
      { version: s.version }, t(coach ? "confirm_coaching_confirm" : "confirm_duos_confirm")),
    { primary: true }),
    coach ? remake("remake_pairing", "remake_pairing_confirm", false)
      : remake("remake_duos", "remake_duos_confirm", false));
}

// Choose another coach for one member; the server says when someone is full or it is
// the member themselves.
function coachControl(member, people, s) {
  const id = `coach-${member.id}`;
  const goal = member.goal;
  const select = h("select", { id, "data-key": id }, people.map((p) => {
    const votes = goal ? (p.id === member.coach?.id ? member.coach.votes
      : (member.also_strong ?? []).find((o) => o.id === p.id)?.votes ?? 0) : null;
    const load = p.learners.filter((l) => l.id !== member.id).length;
    const extra = [goal ? tn("votes", votes) : null,
      load >= s.coach_capacity ? t("coach_full", { n: load }) : null].filter(Boolean);
    return h("option", { value: String(p.id), selected: p.id === member.coach?.id },
      extra.length ? `${p.name} (${extra.join(", ")})` : p.name);
  }));
  return h("div", { class: "move" },
    h("label", { for: id, text: t("coach_of", { name: member.name }) }), select,
    button(`coach-button-${member.id}`, t("change_coach"), () => act("set_coach", {
      member_id: member.id, coach_id: Number(select.value), version: state.version })));
}

function pairingSection(s) {
  const editable = s.phase === "pairing";
  const groups = s.groups ?? [];
  return h("section", { class: "card now" },
    h("h2", { text: t("duos_title") }),
    h("p", { class: "note", text: editable ? t("duos_draft") : t("duos_final") }),
    editable ? partControls(s, button, act) : null,
    h("ol", { class: "groups" }, groups.map((group) => h("li", { class: "group" },
      h("h3", { text: `${t("group_n", { n: group.label })}: ${group.members.map((m) => m.name).join(" + ")}` }),
      h("ul", {}, group.members.map((m) => h("li", {
        class: (m.goal && !m.coach) || group.members.length === 1 ? "warning" : "" },
        h("p", { text: coachLine(m, group) }),
        // The reason, who else was chosen for the goal and moving: in the member's menu.
        m.reason || m.also_strong?.length || editable ? memberMenu(m, [
          m.reason ? h("p", { class: "quote", text: `“${m.reason}”` }) : null,
          m.also_strong?.length ? h("p", { class: "hint", text: alsoLine(m) }) : null,
          editable ? moveControl(m, group, groups) : null], `duo-menu-${m.id}`) : null)))))),
    editable ? foldedModeChoice(s) : null,
    editable ? pairingActions(s) : null,
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
      link("report", t("download_report"), false),
      link("picture", t("download_picture"), false),
      link("sought", t("download_sought"), false),
      link("sought_xlsx", t("download_sought_xlsx"), true)));
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

function guideSection(s) {
  const parts = [
    h("h2", { text: t("big_screen_title") }),
    button("opening", t(s.opening ? "hide_opening" : "show_opening"),
      () => act("show_opening", { show: !s.opening })),
  ];
  if (page.timer_phases.includes(s.phase)) {
    const select = h("select", { id: "timer-select", "data-key": "timer-select",
      "aria-describedby": "timer-help" },
    page.timer_choices.map((seconds) => h("option", { value: String(seconds),
      selected: seconds === s.timer_seconds },
    seconds ? tn("minutes", seconds / 60) : t("timer_off"))));
    select.addEventListener("change", () => act("set_timer", { seconds: Number(select.value) }));
    parts.push(h("div", { class: "field timer-field" },
      h("label", { for: "timer-select", text: t("timer_label") }), select,
      h("p", { class: "hint", id: "timer-help", text: t("timer_help") })));
  }
  return h("section", { class: "card guide" }, parts);
}

// What is rarely needed at a step folds away (its heading becomes the summary), open on
// request; whether it is open survives the snapshots that rebuild the page.
const foldsOpen = new Set();

function folded(section) {
  if (!section) return section;
  const title = section.querySelector("h2");
  const key = title?.textContent.replace(/\s*\(\d+\)$/, "") ?? "";
  return h("details", { class: "card folded", open: foldsOpen.has(key),
    ontoggle: (event) => {
      if (event.currentTarget.open) foldsOpen.add(key); else foldsOpen.delete(key);
    } },
  h("summary", { text: title?.textContent ?? "" }),
  [...section.childNodes].filter((node) => node !== title));
}

function foldedUntilClosed(s, section) {
  return s.phase === "closed" ? section : folded(section);
}

function controlsFor(s) {
  const sections = [];
  if (s.phase === "lobby") {
    sections.push(h("section", { class: "card now" },
      button("start", t("start_rounds"), () => act("start_rounds"), { primary: true }),
      s.members.length < page.min_members ? h("p", { class: "hint", text: t("need_two") })
        : null));
  } else if (s.phase === "rounds") sections.push(roundSection(s), proxySection(s));
  else if (s.phase === "development") sections.push(developmentSection(s), proxySection(s));
  else if (s.pairing_mode === "coach") sections.push(coachingSection(s));
  else sections.push(pairingSection(s));
  if (s.phase === "closed") sections.unshift(closingControls(s, button, act));
  if (s.phase === "pairing") sections.push(pairingMap(s));
  if (["development", "pairing", "closed"].includes(s.phase)) {
    sections.push(foldedUntilClosed(s, rolesSection(s, button, act)));
  }
  if (s.phase === "closed") sections.push(followUpSection(s, button, act));
  else sections.unshift(claimsSection(s, button, act)); // a follow-up: who was who
  sections.push(notesSection(s), guideSection(s));
  if (page.order_phases.includes(s.phase)) {
    sections.push(folded(labelArrows(orderSection(s), s))); // changing the order is rare
  }
  if (s.phase !== "closed") sections.push(s.phase === "lobby" ? membersSection(s) : folded(membersSection(s)));
  const remove = h("section", { class: "card" },
    h("h2", { text: t("delete_title") }),
    h("p", { class: "hint", text: t("delete_help") }),
    button("delete", t("delete_session"), deleteSession));
  sections.push(s.phase === "pairing" ? folded(remove) : remove); // the duo step stays short
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
slideKeys(() => state, act, { slides: true });
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
