// What the projector shows: used by the screen page and by the host page (and its
// presentation mode). Never shows picks before a reveal: the snapshot does not hold them.
import { h, renderGroups, renderTally, t, tn } from "./live.js";

const joinInfo = document.getElementById("join-info");

function lobby(state) {
  joinInfo.hidden = false;
  const members = state.members;
  return [
    h("h2", { class: "board-title", text: t("lobby_title") }),
    joinInfo,
    h("h3", { class: "count-line", text: members.length
      ? tn("members_joined", members.length) : t("nobody_yet") }),
    h("ul", { class: "chips", "aria-label": t("members_joined_other", { n: members.length }) },
      members.map((m) => h("li", { class: "chip", text: m.name }))),
  ];
}

function openRound(round) {
  const voters = round.voters ?? [];
  return [
    h("p", { class: "round-of", text: t("round_of", round) }),
    h("h2", { class: "board-title central", text: t("question", { name: round.central.name }) }),
    h("p", { class: "progress", text: t("progress", {
      answered: round.answered_count, total: round.voter_count }) }),
    h("ul", { class: "chips answers" }, voters.map((v) =>
      h("li", { class: v.answered ? "chip done" : "chip" },
        h("span", { class: "mark", "aria-hidden": "true", text: v.answered ? "✓" : "…" }),
        h("span", { text: v.name }),
        h("span", { class: "visually-hidden", text: `: ${t(v.answered ? "answered" : "not_answered")}` })))),
  ];
}

function revealedRound(round) {
  return [
    h("p", { class: "round-of", text: t("round_of", round) }),
    h("h2", { class: "board-title central", text: t("revealed_title", { name: round.central.name }) }),
    renderTally(round.tally),
  ];
}

function development(state) {
  const people = state.development ?? [];
  const done = people.filter((p) => p.done).length;
  return [
    h("h2", { class: "board-title", text: t("development_title") }),
    h("p", { class: "progress", text: t("development_progress", { done, total: people.length }) }),
    h("ul", { class: "chips answers" }, people.map((p) =>
      h("li", { class: p.done ? "chip done" : "chip" },
        h("span", { class: "mark", "aria-hidden": "true", text: p.done ? "✓" : "…" }),
        h("span", { text: p.name }),
        h("span", { class: "visually-hidden", text: `: ${t(p.done ? "chosen" : "not_chosen")}` })))),
  ];
}

function duos(state) {
  const closed = state.phase === "closed";
  return [
    h("h2", { class: "board-title", text: closed ? t("closed_title") : t("duos_title") }),
    h("p", { class: "note", text: closed ? t("duos_final") : t("duos_draft") }),
    renderGroups(state.groups ?? []),
  ];
}

/** The board's content for a snapshot (the join info element moves in and out). */
export function boardContent(state) {
  joinInfo.hidden = true;
  let parts;
  if (state.phase === "lobby") parts = lobby(state);
  else if (state.phase === "rounds") {
    const round = state.round;
    if (!round) parts = [h("h2", { class: "board-title", text: t("between_rounds") })];
    else parts = round.state === "revealed" ? revealedRound(round) : openRound(round);
  } else if (state.phase === "development") parts = development(state);
  else parts = duos(state);
  if (state.phase !== "lobby" && state.joining_open) {
    parts.push(h("p", { class: "join-late", text: t("join_late", { code: state.join_code }) }));
  }
  if (!parts.includes(joinInfo)) document.body.append(joinInfo);
  return parts;
}
