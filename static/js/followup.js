// The facilitator's part of a follow-up (session_app/followup.py): at the end, keeping the
// session, the team file, the day of the follow-up; in a follow-up, confirming who was who.
import { dayFromToday, h, longDay, page, t, tn } from "./live.js";

const links = page.follow_up;

// The date fields are built once and moved into each rebuilt page: a snapshot that arrives
// while the facilitator picks a date never wipes it.
function dayField(id, label) {
  const input = h("input", { type: "date", id, "data-key": id,
    min: dayFromToday(1), max: dayFromToday(links.max_days) });
  return { input, field: h("p", { class: "field-inline" },
    h("label", { for: id, text: label }), " ", input) };
}
const keepDay = dayField("keep-until", t("keep_label"));
const followUpDay = dayField("follow-up-day", t("day_label"));

/** At the end: keep for a follow-up (or not), the team file, the day and its .ics. */
export function followUpSection(s, button, act) {
  const f = s.follow_up;
  return h("section", { class: "card follow-up", "data-key": "follow-up" },
    h("h2", { text: t("follow_up_title") }),
    f.keep_until
      ? [h("p", { text: t("kept_host", { day: longDay(f.keep_until) }) }),
        button("stop-keeping", t("stop_keeping"), () => act("stop_keeping"))]
      : [h("p", { class: "hint", text: t("keep_help") }), keepDay.field,
        button("keep", t("keep_button"), () => act("keep", { until: keepDay.input.value }))],
    h("p", {}, h("a", { class: "button", href: links.team_file, download: "",
      "data-key": "team-file" }, t("team_file_link"))),
    h("p", { class: "hint", text: t("team_file_help") }),
    followUpDay.field,
    button("set-day", t("day_button"), () => act("set_follow_up_on",
      { day: followUpDay.input.value })),
    f.follow_up_on ? [h("p", { text: t("follow_up_on", { day: longDay(f.follow_up_on) }) }),
      h("p", {}, h("a", { class: "button", href: links.ics, download: "", "data-key": "ics" },
        t("ics_link")))] : null,
    f.keep_until ? h("form", { method: "post", action: links.start },
      h("button", { type: "submit", class: "button primary", "data-key": "start-follow-up" },
        t("start_follow_up"))) : null);
}

function claimLine(m, c) {
  if (c.state === "new") return t("claim_is_new", { name: m.name });
  if (c.state === "claimed") return t("claim_says", { name: m.name, earlier: c.earlier_name });
  if (c.state === "confirmed") return t("claim_confirmed", { name: m.name, earlier: c.earlier_name });
  return t("claim_none", { name: m.name });
}

/** In a follow-up: each member's claim of an earlier name, to confirm with one tap. */
export function claimsSection(s, button, act) {
  const f = s.follow_up;
  if (!f.is_follow_up || !f.claims) return null;
  const names = Object.fromEntries(s.members.map((m) => [m.id, m]));
  const exact = f.claims.filter((c) => c.exact).length;
  return h("section", { class: "card claims", "data-key": "claims" },
    h("h2", { text: t("claims_title") }),
    h("p", { class: "hint", text: t("claims_help", { day: longDay(f.earlier.held_on) }) }),
    h("ul", { class: "member-list" }, f.claims.filter((c) => names[c.id]).map((c) => {
      const m = names[c.id];
      return h("li", { class: c.conflict ? "warning" : "" },
        h("span", { text: claimLine(m, c) }),
        c.conflict ? h("span", { class: "hint", text: ` ${t("claim_conflict")}` }) : null,
        c.state === "claimed" ? [" ", button(`confirm-claim-${c.id}`,
          t("confirm_claim", { name: m.name }), () => act("confirm_claim", { member_id: c.id })),
        " ", button(`reject-claim-${c.id}`, t("reject_claim", { name: m.name }),
          () => act("reject_claim", { member_id: c.id }))] : null,
        c.state === "confirmed" ? [" ", button(`undo-claim-${c.id}`,
          t("undo_claim", { name: m.name }), () => act("reject_claim", { member_id: c.id }))]
          : null);
    })),
    exact ? button("confirm-all", tn("confirm_all", exact), () => act("confirm_all_claims"),
      { primary: true }) : null,
    f.not_claimed.length ? h("p", { class: "hint",
      text: t("not_claimed", { names: f.not_claimed.join(", ") }) }) : null,
    lookBackPart(f.look_back),
    f.look_back.back ? lookBackScreen(s, button, act) : null);
}

// The look back on the big screen: put on, turned part by part, taken off; never by itself.
function lookBackScreen(s, button, act) {
  const lb = s.look_back;
  if (s.phase !== "lobby") return null;
  if (!lb) {
    return h("div", { class: "look-back-screen" },
      h("p", { class: "hint", text: t("look_back_steps") }),
      button("look-back-show", t("look_back_show"), () => act("look_back_slide", { step: 0 })));
  }
  const previous = button("look-back-previous", t("roles_previous"),
    () => act("look_back_slide", { step: lb.step - 1 }));
  const next = button("look-back-next", t("roles_next"),
    () => act("look_back_slide", { step: lb.step + 1 }), { primary: true });
  previous.disabled = lb.step === 0;
  next.disabled = lb.step === lb.parts - 1;
  return h("div", { class: "look-back-screen roles-steps" },
    h("p", { class: "reveal-status", text: t("roles_at", { part: lb.step + 1, parts: lb.parts }) }),
    h("p", { class: "actions" }, previous, next,
      button("look-back-hide", t("look_back_hide"), () => act("look_back_slide", { step: null }))));
}

// "How did it go?": how many looked back, the whole team's summary, and the answers their
// writers shared (to read aloud).
function lookBackPart(summary) {
  if (!summary.back) return null;
  return h("div", { class: "look-back-summary" },
    h("h3", { text: t("look_back_title") }),
    h("p", { text: t("look_back_answered", summary) }),
    summary.answered ? h("p", { class: "summary", text: t("look_back_summary", summary) }) : null,
    summary.shared.length ? h("ul", {}, summary.shared.map((a) => h("li", {},
      `${a.name}: ${t(`look_back_${a.answer}`)}`, a.note ? ` — “${a.note}”` : null))) : null);
}
