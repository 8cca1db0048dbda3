// What the projector shows: used by the screen page and by the host page (and its
// presentation mode). Never shows picks before a reveal: the snapshot does not hold them.
import { competencies, competency, h, icon, inSentence, page, t, tn } from "./live.js";
import { closingSlide } from "./picture.js";
import { fitReveal, revealedRound } from "./reveal.js";
import { countdown } from "./timer.js";

const joinInfo = document.getElementById("join-info");

function lobby(state) {
  joinInfo.hidden = false;
  const members = state.members;
  return [h("div", { class: "lobby" },
    h("div", { class: "lobby-join" },
      h("h2", { class: "board-title", text: t("lobby_title") }),
      joinInfo),
    h("div", { class: "lobby-members" },
      h("h3", { class: "count-line", text: members.length
        ? tn("members_joined", members.length) : t("nobody_yet") }),
      h("ul", { class: "chips", "aria-label": t("members_joined_other", { n: members.length }) },
        members.map((m) => h("li", { class: "chip", text: m.name })))))];
}

// How many have answered, never who: nobody is put on show for being slow. The names are
// on the facilitator's page only (host.js).
function openRound(round) {
  return [
    h("p", { class: "round-of", text: t("round_of", round) }),
    h("h2", { class: "board-title central", text: t("question", { name: round.central.name }) }),
    h("p", { class: "progress", text: tn("progress", round.answered_count, {
      answered: round.answered_count, total: round.voter_count }) }),
  ];
}

function development(state) {
  const { done = 0, total = 0 } = state.development_progress ?? {};
  return [
    h("h2", { class: "board-title", text: t("development_title") }),
    h("p", { class: "progress", text: tn("development_progress", done, { done, total }) }),
  ];
}

// Coach mode: who learns from whom, one member per line.
function coaching(state) {
  const closed = state.phase === "closed";
  return [
    h("h2", { class: "board-title", text: closed ? t("closed_title") : t("coaching_title") }),
    h("p", { class: "note", text: closed ? t("coaching_final") : t("coaching_draft") }),
    h("ol", { class: "groups coaching" }, (state.coaching ?? []).map((person) =>
      h("li", { class: "group" }, h("p", { class: "learn-line", text: wallLine(person) })))),
  ];
}

function duos(state) {
  if (state.pairing_mode === "coach") return coaching(state);
  const closed = state.phase === "closed";
  return [
    h("h2", { class: "board-title", text: closed ? t("closed_title") : t("duos_title") }),
    h("p", { class: "note", text: closed ? t("duos_final") : t("duos_draft") }),
    wallGroups(state.groups ?? []),
  ];
}

// --- the facilitator's guide: opening slide, round timer, join-late code -------------

/** What the exercise is, and the 12 qualities with one short line each; the join code
 * stays beside the title for whoever comes in late. */
function openingSlide(state) {
  const opening = page.opening;
  return [h("div", { class: "opening" },
    h("div", { class: "opening-head" },
      h("h2", { class: "board-title", text: t("opening_title") }),
      state.joining_open ? h("p", { class: "join-late opening-code",
        text: t("join_late", { code: state.join_code }) }) : null),
    h("ul", { class: "opening-sentences" }, opening.sentences.map((text) => h("li", { text }))),
    h("ul", { class: "opening-qualities" }, competencies.map((c) => h("li", {},
      icon(c.key),
      h("span", { class: "q-name", text: c.name }),
      h("span", { class: "q-line", text: opening.lines[c.key] ?? "" })))))];
}

/** A late joiner still gets a round: in the rounds, while one is open or waiting. */
function joinLateShown(state) {
  if (state.phase !== "rounds" || !state.joining_open) return false;
  return state.rounds_left > 0 || state.round?.state === "open";
}

/** The duos for the whole room: who helps whom with what; no counts, no warnings. */
function wallGroups(groups) {
  return h("ol", { class: "groups" }, groups.map((group) => h("li", { class: "group" },
    h("h3", { text: group.members.map((m) => m.name).join(" + ") }),
    h("ul", {}, group.members.map((m) => h("li", { text: wallLine(m) }))))));
}

/** One member's goal and who helps, as the room sees it (a duo or coach mode alike). */
export function wallLine(m) {
  if (!m.goal) return m.name;
  const goal = inSentence(competency(m.goal).name);
  return m.coach ? t("wall_goal_coach", { name: m.name, goal, coach: m.coach.name })
    : t("wall_goal", { name: m.name, goal });
}

/** The board's content for a snapshot (the join info element moves in and out). */
export function boardContent(state) {
  joinInfo.hidden = true;
  const timer = countdown("board", state.phase === "rounds" && !state.opening ? state.timer : null);
  if (state.opening) {
    document.body.append(joinInfo);
    return openingSlide(state);
  }
  let parts;
  if (state.phase === "lobby") parts = lobby(state);
  else if (state.phase === "rounds") {
    const round = state.round;
    if (!round) parts = [h("h2", { class: "board-title", text: t("between_rounds") })];
    else parts = round.state === "revealed" ? revealedRound(round) : openRound(round);
  } else if (state.phase === "development") parts = development(state);
  else if (state.phase === "closed") parts = closingSlide(state, duos);
  else parts = duos(state);
  if (timer) parts.splice(2, 0, timer); // under the question, beside the progress
  if (joinLateShown(state)) {
    parts.push(h("p", { class: "join-late", text: t("join_late", { code: state.join_code }) }));
  }
  if (state.phase !== "lobby") document.body.append(joinInfo);
  return parts;
}

// --- paging: a big team's reasons or duos never scroll off the projector ------------

const ROTATE_MS = 15000;
let rotation = null;

function fits() {
  const doc = document.documentElement;
  return doc.scrollHeight <= window.innerHeight + 1;
}

/**
 * Split the board into pages that fit the window when it is too long, and turn the pages
 * calmly. Units are reasons (a quality stays visible while any of its reasons is) or duos.
 */
export function paginate(board) {
  window.clearInterval(rotation);
  board.querySelector(".pager")?.remove();
  board.onpage = null;
  delete board.dataset.page;
  if (fitReveal(board)) return; // a reveal turns only when the facilitator says so
  const units = [...board.querySelectorAll(".tally .reasons > li, .groups > li")];
  // Measure everything again: parts hidden for the last page would make a window that
  // grew (full screen) look as if it all fits, and most of it would stay hidden.
  for (const el of board.querySelectorAll(".tally-row, .tally .reasons > li, .groups > li")) {
    el.hidden = false;
  }
  if (!units.length || fits()) {
    board.dataset.pages = "1";
    return;
  }

  // Measured with text in it, so the line it takes is part of every page's height.
  const pager = h("p", { class: "pager", text: t("page_of", { page: 9, pages: 9 }) });
  board.append(pager);
  const show = (members) => {
    const visible = new Set(members);
    for (const unit of units) unit.hidden = !visible.has(unit);
    for (const row of board.querySelectorAll(".tally-row")) {
      row.hidden = ![...row.querySelectorAll(".reasons > li")].some((li) => visible.has(li));
    }
  };

  const pages = [];
  let page = [];
  for (const unit of units) {
    show([...page, unit]);
    if (page.length && !fits()) {
      pages.push(page);
      page = [unit];
    } else {
      page.push(unit);
    }
  }
  if (page.length) pages.push(page);

  let current = 0;
  const turn = (index) => {
    current = (index + pages.length) % pages.length;
    board.dataset.page = String(current);
    show(pages[current]);
    pager.textContent = t("page_of", { page: current + 1, pages: pages.length });
  };
  const rotate = () => {
    window.clearInterval(rotation);
    if (pages.length > 1) rotation = window.setInterval(() => turn(current + 1), ROTATE_MS);
  };
  board.dataset.pages = String(pages.length);
  turn(0);
  rotate();
  // The keys (and tests) turn to a page directly; the next turn is a full interval later.
  board.onpage = (event) => { turn(event.detail); rotate(); };
}

/** Paginate once the new content has its final size (after layout and its pictograms). */
let pending = 0;
export function paginateSoon(board) {
  const run = ++pending;
  const images = [...board.querySelectorAll("img")].filter((img) => !img.complete);
  const loaded = images.map((img) => new Promise((done) => {
    img.addEventListener("load", done, { once: true });
    img.addEventListener("error", done, { once: true });
  }));
  Promise.all(loaded).then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    if (run === pending) paginate(board);
  })));
}

document.addEventListener("board-page", (event) => {
  document.getElementById("board")?.onpage?.(event);
});

// Whoever has the projector's keyboard (or a presenter remote, which sends these keys)
// can turn the pages instead of waiting; the turning goes on from there.
document.addEventListener("keydown", (event) => {
  const board = document.getElementById("board");
  if (event.defaultPrevented || !board?.onpage || event.target.closest?.("input, select, textarea")) return;
  if (!board.closest("body.screen, body.presenting")) return;
  const step = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  board.onpage({ detail: (Number(board.dataset.page) || 0) + step });
});
