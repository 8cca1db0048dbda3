// What the projector shows: used by the screen page and by the host page (and its
// presentation mode). Never shows picks before a reveal: the snapshot does not hold them.
import { competencies, competency, h, icon, inSentence, page, t, tn } from "./live.js";
import { closingSlide, partKeys, partLabel } from "./picture.js";
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
  const keys = partKeys(state, "coaching");
  const people = (state.coaching ?? []).filter((person) => !keys || keys.has(person.id));
  return [h("div", { class: "wall" },
    h("h2", { class: "board-title" }, closed ? t("closed_title") : t("coaching_title"),
      partLabel(state)),
    h("p", { class: "note", text: closed ? t("coaching_final") : t("coaching_draft") }),
    h("ol", { class: "groups coaching" }, people.map((person) =>
      h("li", { class: "group" }, h("p", { class: "learn-line", text: wallLine(person) })))))];
}

function duos(state) {
  if (state.pairing_mode === "coach") return coaching(state);
  const closed = state.phase === "closed";
  const keys = partKeys(state, "duos");
  const groups = (state.groups ?? []).filter((group) => !keys || keys.has(group.number));
  return [h("div", { class: "wall" },
    h("h2", { class: "board-title" }, closed ? t("closed_title") : t("duos_title"),
      partLabel(state)),
    h("p", { class: "note", text: closed ? t("duos_final") : t("duos_draft") }),
    wallGroups(groups))];
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

/** A follow-up's look back ("How did it go?"), the part the facilitator turned to: how
 * many looked back; then the team's summary; then the answers their writers shared. */
function lookBackSlide(state) {
  const lb = state.look_back;
  const part = lb.parts > 1 ? h("span", { class: "slide-part",
    text: ` (${t("part_of", { part: lb.step + 1, parts: lb.parts })})` }) : null;
  let body;
  if (lb.shared) {
    body = h("ul", { class: "look-back-shared" }, lb.shared.map((a) => h("li", {},
      h("p", { class: "look-back-who" }, h("strong", { text: a.name }), ": ",
        t(`look_back_${a.answer}`)),
      a.note ? h("p", { class: "look-back-note", text: `“${a.note}”` }) : null)));
  } else if (lb.step === 1) {
    body = [lb.well ? h("p", { class: "look-back-big", text: t("look_back_summary", lb) }) : null,
      h("p", { class: "look-back-line", text: t("look_back_warm") })];
  } else {
    body = [h("p", { class: "look-back-big", text: t("look_back_answered", lb) }),
      h("p", { class: "look-back-line", text: t("look_back_phone") })];
  }
  return [h("div", { class: "wall look-back-slide", "data-step": String(lb.step) },
    h("h2", { class: "board-title" }, t("look_back_title"), part),
    body,
    state.joining_open ? h("p", { class: "join-late",
      text: t("join_late", { code: state.join_code }) }) : null)];
}

/** The board's content for a snapshot (the join info element moves in and out). */
export function boardContent(state) {
  joinInfo.hidden = true;
  const timer = countdown("board", state.phase === "rounds" && !state.opening ? state.timer : null);
  if (state.opening) {
    document.body.append(joinInfo);
    return openingSlide(state);
  }
  if (state.look_back) {
    document.body.append(joinInfo);
    return lookBackSlide(state);
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

// --- fitting: nothing on the projector turns by itself ---------------------------------
// Long slides come in parts that the server made and the facilitator turns (slides.py,
// the reveal's steps); here only a reveal in an odd-shaped window is made to fit.

export function paginate(board) {
  fitReveal(board);
}

/** Fit once the new content has its final size (after layout and its pictograms). */
let pending = 0;
export function paginateSoon(board) {
  const run = ++pending;
  const images = [...board.querySelectorAll("img")].filter((img) => !img.complete);
  const loaded = images.map((img) => new Promise((done) => {
    img.addEventListener("load", done, { once: true });
    img.addEventListener("error", done, { once: true });
  }));
  Promise.all(loaded).then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    if (run === pending) {
      paginate(board);
      board.dataset.pages = "1"; // for the tests: laid out
    }
  })));
}
