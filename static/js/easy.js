// Easy-read ("Makkelijk lezen"): one decision per screen, in short sentences, with
// pictograms. Picking: first quality, why, second quality, why, then "Klopt dit?" before
// sending. The goal: the quality, why, "Klopt dit?". Nothing moves on by itself; the member
// goes on with "Verder". Where they are is kept on the phone, so a reload or a sleeping
// phone comes back on the same screen.
import { h, icon, page, t } from "./live.js";

function load(key) {
  try {
    return JSON.parse(window.localStorage.getItem(key)) ?? null;
  } catch {
    return null;
  }
}

function save(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // No storage: the steps still work, only a reload starts again.
  }
}

/**
 * The steps of one easy-read answer. ``flow``:
 *   key       where the draft is kept on the phone
 *   slots     how many qualities (each: choose, then why)
 *   sent      what the server has already, [{competency, reason, told}]
 *   choose(slot), why  the questions; tell: whether a reason may be said in the room
 *   named     a told reason shows the member's name (an anonymous session warns first)
 *   submit(picks)      sends; resolves to the server's answer
 */
function easyFlow(flow) {
  const steps = flow.slots * 2 + 1; // choose and why per slot, then the check
  const state = load(flow.key) ?? { step: flow.sent.length ? steps : 0, picks: flow.sent };
  const box = h("div", { class: "card easy" });
  const byKey = Object.fromEntries(page.competencies.map((c) => [c.key, c]));

  function go(step) {
    state.step = step;
    save(flow.key, state);
    show();
    const heading = box.querySelector("h2");
    heading?.focus();
    heading?.scrollIntoView({ block: "start" });
  }

  const afterWhy = (slot) => (slot + 1 < flow.slots ? (slot + 1) * 2 : steps - 1);

  function quality(c) {
    return [icon(c.key), h("span", { class: "easy-name", text: c.hyphenated ?? c.name }),
      h("span", { class: "easy-desc", text: c.easy })];
  }

  function buttons(next, back) {
    return h("div", { class: "easy-buttons" },
      h("button", { type: "submit", class: "button primary" }, next),
      back ? h("button", { type: "button", class: "button", onclick: back.go }, back.text) : null);
  }

  function chooseScreen(slot) {
    const others = state.picks.filter((_, i) => i !== slot).map((p) => p?.competency);
    const current = state.picks[slot]?.competency;
    const error = h("p", { class: "error", id: "easy-error", hidden: true });
    const options = page.competencies.map((c) => {
      const id = `easy-${slot}-${c.key}`;
      const taken = others.includes(c.key);
      const input = h("input", { type: "radio", name: `easy-${slot}`, id, value: c.key,
        disabled: taken, "aria-describedby": taken ? `${id}-taken` : null });
      input.checked = c.key === current;
      // The whole option is the label: a tap anywhere on it chooses it.
      return h("label", { for: id,
        class: `easy-option${taken ? " taken" : ""}${input.checked ? " chosen" : ""}` },
      input, quality(c),
      taken ? h("span", { class: "easy-taken", id: `${id}-taken`, text: t("easy_taken") }) : null);
    });
    const form = h("form", { novalidate: true },
      h("fieldset", { "aria-describedby": "easy-error" },
        h("legend", {}, h("h2", { tabindex: -1, text: flow.choose(slot) })),
        error, h("div", { class: "easy-options" }, options)),
      buttons(t("easy_next"), slot ? { text: t("easy_back"), go: () => go(slot * 2 - 1) } : null));
    // Only the chosen quality says what it means: little text at once.
    form.addEventListener("change", () => {
      for (const option of form.querySelectorAll(".easy-option")) {
        option.classList.toggle("chosen", option.querySelector("input").checked);
      }
      error.hidden = true;
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const picked = form.querySelector("input:checked");
      if (!picked) {
        error.textContent = t("easy_choose_first");
        error.hidden = false;
        form.querySelector("input:not(:disabled)").focus();
        return;
      }
      if (state.picks[slot]?.competency !== picked.value) {
        state.picks[slot] = { competency: picked.value, reason: "", told: false };
      }
      go(slot * 2 + 1);
    });
    return form;
  }

  function whyScreen(slot) {
    const pick = state.picks[slot];
    const area = h("textarea", { id: "easy-why", rows: 3, maxlength: page.max_reason,
      "aria-describedby": "easy-why-hint easy-error" });
    area.value = pick.reason ?? "";
    area.addEventListener("input", () => { pick.reason = area.value; save(flow.key, state); });
    const error = h("p", { class: "error", id: "easy-error", hidden: true });
    const form = h("form", { novalidate: true },
      h("h2", { tabindex: -1, text: flow.why }),
      h("p", { class: "easy-chosen" }, quality(byKey[pick.competency])),
      h("label", { for: "easy-why", text: t("easy_why_label") }),
      h("p", { class: "hint", id: "easy-why-hint", text: t("easy_why_hint") }),
      area, error,
      buttons(t("easy_next"), { text: t("easy_back"), go: () => go(slot * 2) }),
      // Or say it in the room instead of typing ("Ik vertel het zelf").
      flow.tell ? [
        h("p", { class: "easy-or", text: t("easy_or_tell") }),
        flow.named ? h("p", { class: "hint", id: "easy-tell-note", text: t("tell_named") }) : null,
        h("button", { type: "button", class: "button", "data-key": "easy-tell",
          "aria-describedby": flow.named ? "easy-tell-note" : null,
          onclick: () => { pick.told = true; pick.reason = ""; go(afterWhy(slot)); } },
        t("easy_tell"))] : null);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = area.value.trim();
      const problem = !text ? t("easy_why_first")
        : text.length > page.max_reason ? t("error_too_long", { max: page.max_reason }) : "";
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        area.setAttribute("aria-invalid", "true");
        area.focus();
        return;
      }
      pick.told = false;
      go(afterWhy(slot));
    });
    return form;
  }

  function chosenList() {
    return h("ul", { class: "easy-check" }, state.picks.map((p) => h("li", {},
      h("p", { class: "easy-chosen" }, quality(byKey[p.competency])),
      h("p", { class: "easy-reason", text: p.told ? t("easy_you_tell") : p.reason }))));
  }

  function checkScreen() {
    const status = h("p", { class: "message", role: "status", id: "easy-status" });
    const form = h("form", { novalidate: true },
      h("h2", { tabindex: -1, text: t("easy_check") }),
      h("p", { text: flow.checkText }),
      chosenList(), status,
      buttons(t("easy_yes"), { text: t("easy_change"), go: () => go(0) }));
    let sending = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (sending) return;
      sending = true;
      const result = await flow.submit(state.picks.map((p) => ({
        competency: p.competency, reason: p.told ? "" : p.reason.trim(), told: Boolean(p.told),
      })));
      sending = false;
      if (result.ok) {
        save(flow.key, null); // sent: the server has it now
        state.step = steps;
        show();
        box.querySelector("h2")?.focus();
      } else {
        status.textContent = result.error;
        status.className = "message error";
      }
    });
    return form;
  }

  function sentScreen() {
    return [
      h("h2", { tabindex: -1, text: t("easy_sent") }),
      chosenList(),
      h("p", { text: flow.sentText }),
      h("button", { type: "button", class: "button", onclick: () => go(steps - 1) },
        t("easy_change_sent")),
    ];
  }

  function show() {
    const step = state.step;
    const content = step >= steps ? sentScreen()
      : step === steps - 1 ? checkScreen()
        : step % 2 === 0 ? chooseScreen(step / 2) : whyScreen((step - 1) / 2);
    const line = step < steps
      ? h("p", { class: "easy-step", text: t("easy_step", { n: step + 1, total: steps }) }) : null;
    box.replaceChildren(...[line, content].flat().filter(Boolean));
  }

  // A draft that points past what it holds (edited storage, an old version): start over.
  const needed = Math.min(flow.slots, Math.ceil(state.step / 2));
  if (state.picks.slice(0, needed).filter((p) => p?.competency).length < needed) state.step = 0;
  show();
  return box;
}

/** The easy-read pick form for the open round of ``s``; ``send`` is the page's send. */
export function easyPickForm(s, send) {
  const round = s.round;
  const name = round.central.name;
  return easyFlow({
    key: `easy:${page.session}:${s.me.id}:${round.id}`,
    slots: 2,
    sent: (round.my_picks ?? []).map((p) => ({ ...p, told: p.reason === "" })),
    choose: (slot) => t(slot ? "easy_second" : "easy_first", { name }),
    why: t("easy_why", { name }),
    tell: true,
    named: !s.show_names,
    checkText: t("easy_check_text", { name }),
    sentText: t("easy_sent_text"),
    submit: (picks) => send("pick", { round_id: round.id, picks }),
  });
}

/** The easy-read development step: the one quality the member wants to get better at. */
export function easyGoalForm(s, send) {
  return easyFlow({
    key: `easy-goal:${page.session}:${s.me.id}`,
    slots: 1,
    sent: s.goal ? [{ competency: s.goal.competency, reason: s.goal.reason, told: false }] : [],
    choose: () => t("easy_goal"),
    why: t("easy_goal_why"),
    tell: false,
    checkText: t("easy_goal_check"),
    sentText: t("easy_goal_sent"),
    submit: ([goal]) => send("goal", { competency: goal.competency, reason: goal.reason }),
  });
}
