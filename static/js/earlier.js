// A phone's part of a follow-up (session_app/followup.py): "Were you there last time?",
// then — once the facilitator confirmed it — what this member had last time; and at the
// end, until when the team keeps the session and the day of the follow-up.
import { competency, h, longDay, page, rebuild, t, tn } from "./live.js";
import { ratingGroup } from "./scale.js";

const slot = h("section", { id: "earlier", class: "earlier", hidden: true });
const view = document.getElementById("view");

let again = false; // "I was there after all", after saying "new"

function claimButtons(s, send) {
  const e = s.earlier;
  const status = h("p", { class: "message", role: "status", id: "claim-status",
    text: e.state === "claimed" ? t("claim_sent", { name: e.name }) : "" });
  const claim = async (data) => {
    const result = await send("claim_earlier", data);
    if (!result.ok) {
      status.textContent = result.error;
      status.className = "message error";
    }
  };
  return h("div", { class: "card claim" },
    h("h2", { text: t("claim_title") }),
    h("p", { text: t("claim_help") }),
    h("ul", { class: "plain choices" }, e.names.map((name) => h("li", {},
      h("button", { type: "button", class: "button", "data-key": `claim-${name}`,
        "aria-pressed": String(e.state === "claimed" && e.name === name),
        onclick: () => claim({ name }) }, name))),
    h("li", {}, h("button", { type: "button", class: "button", "data-key": "claim-new",
      onclick: () => { again = false; claim({ new: true }); } }, t("claim_new")))),
    status);
}

// "How did it go?": built once and moved into each rebuilt card, so that a snapshot that
// arrives while the member types never wipes the note.
const ANSWERS = ["not_yet", "a_bit", "well", "very_well"];
let lookBackForm = null;

function lookBack(s, send) {
  if (lookBackForm) return lookBackForm;
  const mine = s.earlier.look_back;
  const goal = s.earlier.then.goal;
  const note = h("textarea", { id: "look-back-note", "data-key": "look-back-note", rows: 2,
    maxlength: page.max_reason });
  note.value = mine.note ?? "";
  const share = h("input", { type: "checkbox", id: "look-back-share",
    "data-key": "look-back-share", checked: mine.shared });
  // Last time's goal's 4 statements again, like in the development step: optional,
  // folded away until opened (open when answered before).
  const ratings = [...(mine.ratings ?? [null, null, null, null])];
  const statements = goal ? page.statements?.[goal] : null;
  const ratingsBox = statements ? h("details", { class: "goal-ratings look-back-ratings",
    open: ratings.some(Boolean) },
  h("summary", {}, h("span", { text: t("look_back_ratings",
    { goal: competency(goal).name.toLowerCase() }) })),
  h("fieldset", { "aria-describedby": "look-back-ratings-help" },
    h("legend", { class: "visually-hidden", text: t("look_back_ratings",
      { goal: competency(goal).name.toLowerCase() }) }),
    h("p", { class: "hint", id: "look-back-ratings-help", text: t("look_back_ratings_help") }),
    statements.map((text, i) => ratingGroup({ id: `look-back-rate-${i}`, text,
      scale: page.scale, value: ratings[i], onChange: (answer) => { ratings[i] = answer; } }))))
    : null;
  const status = h("p", { class: mine.answer ? "message ok" : "message", role: "status",
    id: "look-back-status", text: mine.answer ? t("look_back_sent") : "" });
  const form = h("form", { class: "look-back", novalidate: true },
    h("h3", { text: t("look_back_title") }),
    h("fieldset", {},
      h("legend", { text: goal ? t("look_back_goal", { goal: competency(goal).name.toLowerCase() })
        : t("look_back_no_goal") }),
      ANSWERS.map((key) => h("label", { class: "choice" },
        h("input", { type: "radio", name: "look-back", value: key, "data-key": `look-back-${key}`,
          checked: mine.answer === key }), ` ${t(`look_back_${key}`)}`))),
    ratingsBox,
    h("label", { for: "look-back-note", text: t("look_back_note") }), note,
    h("label", { class: "choice" }, share, ` ${t("look_back_share")}`),
    h("button", { type: "submit", class: "button primary", "data-key": "look-back-send" },
      t("look_back_send")),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = form.querySelector("input[name=look-back]:checked")?.value ?? null;
    const result = await send("look_back", { answer, note: note.value, shared: share.checked,
      ratings: ratingsBox && ratings.some(Boolean) ? ratings : null });
    status.textContent = result.ok ? t("look_back_sent") : result.error;
    status.className = result.ok ? "message ok" : "message error";
  });
  lookBackForm = form;
  return form;
}

// Then and now, once the team's choice for me was shown: per quality, last time and now.
function thenAndNow(rows) {
  return [
    h("h3", { text: t("then_now_title") }),
    h("p", { class: "hint", text: t("then_now_help") }),
    h("ul", { class: "then-now" }, rows.map((q) => h("li", {},
      t("then_now_line", { name: competency(q.key).name, then: q.then, now: q.now }),
      q.new ? [" ", h("strong", { text: `(${t("then_now_new")})` })] : null))),
  ];
}

function thenCard(s, send) {
  const then = s.earlier.then;
  const seen = Object.entries(then.seen).sort((a, b) => b[1] - a[1]);
  return h("div", { class: "card then" },
    h("h2", { text: t("then_title", { day: longDay(s.earlier.held_on) }) }),
    h("p", { text: seen.length ? t("then_seen") : t("then_none") }),
    seen.length ? h("ul", {}, seen.map(([key, n]) => h("li", {
      text: tn("times_chosen", n, { name: competency(key).name }) }))) : null,
    then.goal ? h("p", { text: t("then_goal", { goal: competency(then.goal).name }) }) : null,
    then.duo.length ? h("p", { text: t("then_duo", { names: then.duo.join(" + ") }) }) : null,
    s.earlier.look_back?.open ? lookBack(s, send) : null,
    s.earlier.compare ? thenAndNow(s.earlier.compare) : null);
}

function earlierPart(s, send) {
  const e = s.earlier;
  if (!e) return null;
  if (e.state === "confirmed") return thenCard(s, send);
  if (s.phase === "closed") return null;
  if (e.state === "new" && !again) {
    return h("div", { class: "card claim" },
      h("p", { role: "status", text: t("claim_new_sent") }),
      h("button", { type: "button", class: "button", "data-key": "claim-again",
        onclick: () => { again = true; render(s, send); } }, t("claim_again")));
  }
  return claimButtons(s, send);
}

/** Draw the phone's follow-up part for this snapshot (nothing outside a follow-up). */
export function render(s, send) {
  const parts = [earlierPart(s, send)];
  if (s.phase === "closed" && (s.kept_until || s.follow_up_on)) {
    parts.push(h("div", { class: "card kept" },
      s.follow_up_on ? h("p", { text: t("follow_up_on", { day: longDay(s.follow_up_on) }) })
        : null,
      s.kept_until ? h("p", { text: t("kept_until", { day: longDay(s.kept_until) }) }) : null));
  }
  // First in the lobby (the question to answer); after the step's own view later on, so
  // that a round's form stays at the top of the screen.
  // (Moved only when needed: moving it would take the focus from a button in it.)
  if (s.phase === "lobby") {
    if (slot.nextElementSibling !== view) view.before(slot);
  } else if (view.nextElementSibling !== slot) view.after(slot);
  rebuild(slot, parts);
  slot.hidden = !parts.some(Boolean);
}
