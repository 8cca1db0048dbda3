// The reveal on the projector, paced by the facilitator: first a headline (the central
// member's name and every quality the team chose, most chosen first), then the reasons
// one quality at a time. The step is stored on the server, so every screen shows the same
// one and a reloaded projector comes back to it. Never a timer: the room talks at its pace.
import { competency, h, icon, t, tn } from "./live.js";

/** The qualities of the tally grouped by how often they were chosen, most first. */
function byTimes(tally) {
  const groups = [];
  for (const row of tally) {
    if (groups.at(-1)?.count !== row.count) groups.push({ count: row.count, rows: [] });
    groups.at(-1).rows.push(row);
  }
  return groups;
}

function headline(round) {
  const title = h("h2", { class: "reveal-title" },
    h("span", { class: "reveal-lead", text: t("reveal_lead") }), " ",
    h("span", { class: "central-name", text: round.central.name }));
  if (!round.tally.length) return [title, h("p", { class: "reveal-none", text: t("no_answers") })];
  return [title, h("div", { class: "reveal-groups" }, byTimes(round.tally).map((group) =>
    h("section", { class: "reveal-group" },
      h("h3", { class: "times", text: tn("chosen_times", group.count) }),
      h("ul", { class: "reveal-qualities" }, group.rows.map((row) =>
        h("li", {}, icon(row.competency),
          h("span", { class: "quality-name", text: competency(row.competency).name }))))))),
  sharedSelfChoice(round)];
}

/** The central member's own choice, only when they allowed it on their phone. */
function sharedSelfChoice(round) {
  const mine = round.self_view;
  if (!mine) return null;
  const names = mine.fits.map((k) => competency(k).name).join(", ");
  return h("p", { class: "self-choice", text: t("self_choice_shared", {
    name: round.central.name, qualities: names }) });
}

function reasonStep(round, step) {
  const row = round.tally.find((r) => r.competency === step.competency);
  const reasons = row.reasons.slice(step.first, step.last);
  return [
    h("h2", { class: "reveal-title" },
      h("span", { class: "central-name", text: round.central.name }),
      h("span", { class: "visually-hidden", text: ": " }),
      h("span", { class: "reveal-quality" }, icon(row.competency),
        h("span", { class: "quality-name", text: competency(row.competency).name }),
        h("span", { class: "visually-hidden", text: ", " }),
        h("span", { class: "times", text: tn("chosen_times", row.count) }),
        step.parts > 1 ? h("span", { class: "times reveal-part",
          text: `(${t("part_of", { part: step.part, parts: step.parts })})` }) : null)),
    h("ul", { class: "reveal-reasons" }, reasons.map((r) => r.told
      ? h("li", { class: "told" }, h("span", { class: "reason-text", text: t("told_why", { name: r.author }) }))
      : h("li", {}, h("span", { class: "reason-text", text: r.text }),
        // The dash stays with the name (a no-break space), never alone at a line's end.
        r.author ? h("span", { class: "author", text: ` —\u00a0${r.author}` }) : null))),
  ];
}

/** The board's content for a revealed round: the step the room is on. */
export function revealedRound(round) {
  const steps = round.steps ?? [{ competency: null }];
  const index = Math.min(round.step ?? 0, steps.length - 1);
  const step = steps[index];
  return [h("div", {
    class: step.competency ? "reveal reveal-step" : "reveal reveal-headline",
    "data-step": String(index),
  }, step.competency ? reasonStep(round, step) : headline(round))];
}

/** "Step 2 of 4: Courage" — where the projector is, for the facilitator. */
export function stepLabel(round) {
  const steps = round.steps ?? [];
  const step = steps[round.step ?? 0];
  if (!step) return "";
  const what = step.competency ? competency(step.competency).name : t("step_overview");
  const part = step.parts > 1 ? ` (${t("part_of", { part: step.part, parts: step.parts })})` : "";
  return t("step_of", { step: (round.step ?? 0) + 1, steps: steps.length, what: what + part });
}

/** Ask the server to show another step (nothing happens beyond the first or the last). */
export function turnStep(state, delta, send) {
  const round = state?.round;
  if (round?.state !== "revealed" || !round.steps) return null;
  const step = (round.step ?? 0) + delta;
  if (step < 0 || step >= round.steps.length) return null;
  return send("reveal_step", { round_id: round.id, step, version: state.version });
}

/** The host's controls for the reveal: where the projector is, and back / next. */
export function revealControls(state, act) {
  const round = state.round;
  const index = round.step ?? 0;
  const last = (round.steps?.length ?? 1) - 1;
  const go = (delta) => turnStep(state, delta, (event, data) => act(event, data));
  // Reasons to be told in the room at this step: the facilitator asks those members.
  const step = round.steps?.[index];
  const row = step?.competency ? round.tally.find((r) => r.competency === step.competency) : null;
  const tellers = (row?.reasons.slice(step.first, step.last) ?? []).filter((r) => r.told);
  return h("div", { class: "reveal-controls" },
    h("p", { class: "reveal-status", text: stepLabel(round) }),
    tellers.length ? h("p", { class: "note ask-tellers",
      text: t("ask_tellers", { names: tellers.map((r) => r.author).join(", ") }) }) : null,
    h("p", { class: "actions" },
      h("button", { type: "button", class: "button", "data-key": "step-back",
        disabled: index === 0, onclick: () => go(-1) }, t("step_back")),
      h("button", { type: "button", class: index < last ? "button primary" : "button",
        "data-key": "step-next", disabled: index >= last, onclick: () => go(1) },
      t("step_next"))),
    h("p", { class: "hint", text: t("step_keys") }));
}

const KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

/**
 * → / ← and a presenter remote (PageDown / PageUp) turn the steps, on the projector page
 * and in presentation mode. Runs before the board's own page keys (capture).
 */
export function revealKeys(getState, send) {
  document.addEventListener("keydown", (event) => {
    const delta = KEYS[event.key];
    if (!delta || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!document.body.matches(".screen, .presenting")) return;
    if (event.target.closest?.("input, select, textarea")) return;
    if (getState()?.round?.state !== "revealed" || getState()?.phase !== "rounds") return;
    event.preventDefault();
    turnStep(getState(), delta, send);
  }, { capture: true });
}

/**
 * A window that is not 16:9 (or very small) may still not hold a step at full size: then,
 * and only then, the step is made smaller until nothing is cut off. At 1280×720 and
 * 1920×1080 every step fits at full size (the server splits the reasons for that).
 * Returns false when the board holds no reveal.
 */
export function fitReveal(board) {
  const reveal = board.querySelector(".reveal");
  if (!reveal) return false;
  reveal.style.removeProperty("--reveal-scale");
  if (!document.body.matches(".screen, .presenting")) return true;
  const doc = document.documentElement;
  const overflows = () => doc.scrollHeight > window.innerHeight + 1
    || doc.scrollWidth > window.innerWidth + 1;
  let scale = 1;
  while (overflows() && scale > 0.45) {
    scale -= 0.05;
    reveal.style.setProperty("--reveal-scale", scale.toFixed(2));
  }
  board.dataset.fit = scale.toFixed(2); // for the tests: the step has been fitted
  return true;
}
