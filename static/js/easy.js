// Easy-read ("Makkelijk lezen") picking: one decision per screen, in short sentences, with
// pictograms. First quality, why, second quality, why, then "Klopt dit?" before sending.
// Nothing moves on by itself; the member goes on with "Verder". Where they are is kept on
// the phone, so a reload or a sleeping phone comes back on the same screen.
import { h, icon, page, t } from "./live.js";

const STEPS = 5; // choose, why, choose, why, check

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

/** The easy-read pick form for the open round of ``s``; ``send`` is the page's send. */
export function easyPickForm(s, send) {
  const round = s.round;
  const central = round.central.name;
  const key = `easy:${page.session}:${s.me.id}:${round.id}`;
  const sent = round.my_picks ?? [];
  // Where the member was: their own draft, else what they sent, else the start.
  const state = load(key) ?? {
    step: sent.length ? STEPS : 0,
    picks: sent.map((p) => ({ competency: p.competency, reason: p.reason, told: p.reason === "" })),
  };
  const box = h("div", { class: "card easy" });
  const byKey = Object.fromEntries(page.competencies.map((c) => [c.key, c]));

  function go(step) {
    state.step = step;
    save(key, state);
    show();
    const heading = box.querySelector("h2");
    heading?.focus();
    heading?.scrollIntoView({ block: "start" });
  }

  function quality(c) {
    return [icon(c.key), h("span", { class: "easy-name", text: c.name }),
      h("span", { class: "easy-desc", text: c.easy })];
  }

  function stepLine(n) {
    return h("p", { class: "easy-step", text: t("easy_step", { n: n + 1, total: STEPS }) });
  }

  function buttons(next, back) {
    return h("div", { class: "easy-buttons" },
      h("button", { type: "submit", class: "button primary" }, next),
      back ? h("button", { type: "button", class: "button", onclick: back.go }, back.text) : null);
  }

  function chooseScreen(slot) {
    const other = state.picks[1 - slot]?.competency;
    const current = state.picks[slot]?.competency;
    const error = h("p", { class: "error", id: "easy-error", hidden: true });
    const options = page.competencies.map((c) => {
      const id = `easy-${slot}-${c.key}`;
      const taken = c.key === other;
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
        h("legend", {}, h("h2", { tabindex: -1,
          text: t(slot ? "easy_second" : "easy_first", { name: central }) })),
        error, h("div", { class: "easy-options" }, options)),
      buttons(t("easy_next"), slot ? { text: t("easy_back"), go: () => go(1) } : null));
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
        state.picks[slot] = { competency: picked.value, reason: "" };
      }
      go(slot * 2 + 1);
    });
    return form;
  }

  function whyScreen(slot) {
    const pick = state.picks[slot];
    const c = byKey[pick.competency];
    const area = h("textarea", { id: "easy-why", rows: 3, maxlength: page.max_reason,
      "aria-describedby": "easy-why-hint easy-error" });
    area.value = pick.reason ?? "";
    area.addEventListener("input", () => { pick.reason = area.value; save(key, state); });
    const error = h("p", { class: "error", id: "easy-error", hidden: true });
    const form = h("form", { novalidate: true },
      h("h2", { tabindex: -1, text: t("easy_why", { name: central }) }),
      h("p", { class: "easy-chosen" }, quality(c)),
      h("label", { for: "easy-why", text: t("easy_why_label") }),
      h("p", { class: "hint", id: "easy-why-hint", text: t("easy_why_hint") }),
      area, error,
      buttons(t("easy_next"), { text: t("easy_back"), go: () => go(slot * 2) }),
      // Or say it in the room instead of typing ("Ik vertel het zelf").
      h("p", { class: "easy-or", text: t("easy_or_tell") }),
      s.show_names ? null : h("p", { class: "hint", id: "easy-tell-note", text: t("tell_named") }),
      h("button", { type: "button", class: "button", "data-key": "easy-tell",
        "aria-describedby": s.show_names ? null : "easy-tell-note",
        onclick: () => { pick.told = true; pick.reason = ""; go(slot === 0 ? 2 : 4); } },
      t("easy_tell")));
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
      go(slot === 0 ? 2 : 4);
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
      h("p", { text: t("easy_check_text", { name: central }) }),
      chosenList(), status,
      buttons(t("easy_yes"), { text: t("easy_change"), go: () => go(0) }));
    let sending = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (sending) return;
      sending = true;
      const result = await send("pick", {
        round_id: round.id,
        picks: state.picks.map((p) => ({ competency: p.competency, reason: p.told ? "" : p.reason.trim(),
          told: Boolean(p.told) })),
      });
      sending = false;
      if (result.ok) {
        save(key, null); // sent: the server has it now
        state.step = STEPS;
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
      h("p", { text: t("easy_sent_text") }),
      h("button", { type: "button", class: "button", onclick: () => go(4) }, t("easy_change_sent")),
    ];
  }

  function show() {
    const step = state.step;
    const content = step >= STEPS ? sentScreen()
      : step === 4 ? checkScreen()
        : step % 2 === 0 ? chooseScreen(step / 2) : whyScreen((step - 1) / 2);
    box.replaceChildren(...(step < STEPS ? [stepLine(step)] : []), ...[content].flat());
  }

  // A draft that points past what it holds (edited storage, an old version): start over.
  if (state.step > 0 && !(state.picks[Math.min(1, Math.floor((state.step - 1) / 2))])) {
    state.step = 0;
  }
  show();
  return box;
}
