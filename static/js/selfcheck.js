// The self-check on its own, without a session: 12 parts of 4 statements, then a profile.
// Everything stays in this browser: the answers live in localStorage, the profile is made
// here, "save as text" makes the file here. Nothing is sent to the server.
import { h, shownName } from "./dom.js";
import { learningPoints, ratingGroup } from "./scale.js";

const page = JSON.parse(document.getElementById("page-data").textContent);
const root = document.getElementById("selfcheck");
const STORE_KEY = "selfcheck:v1";
const parts = page.competencies; // in the order of the profile
const PROFILE = parts.length;

function t(key, params = {}) {
  const text = page.strings[key] ?? key;
  return text.replace(/%\((\w+)\)[sd]/g, (_, name) => String(params[name] ?? ""));
}

function load() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORE_KEY));
    if (saved && typeof saved.answers === "object") return saved;
  } catch {
    // Nothing kept, or something unreadable: start fresh.
  }
  return { answers: {}, step: -1 };
}

let state = load();

function save() {
  try {
    window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
  } catch {
    // Private mode or a full storage: the check still works, only it is not kept.
  }
}

const answerOf = (key, i) => state.answers[`${key}:${i}`] ?? null;
const ratingsOf = (key) => page.statements[key].map((_, i) => answerOf(key, i));
const fitKeys = new Set(page.scale.filter((a) => a.fits).map((a) => a.key));
const labelOf = Object.fromEntries(page.scale.map((a) => [a.key, a.label]));
const answeredCount = () => Object.keys(state.answers).length;

function go(step) {
  state.step = step;
  if (step >= 0 || answeredCount()) save(); // after "delete my answers" nothing is kept

  render();
  window.scrollTo(0, 0);
  const heading = root.querySelector("h2");
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

function intro() {
  const started = answeredCount() > 0;
  return [
    h("h2", { text: t("intro_title") }),
    h("p", { text: t("intro_text") }),
    h("p", { text: t("intro_private") }),
    h("p", {},
      h("button", { type: "button", class: "button primary", id: "selfcheck-start",
        onclick: () => go(started ? Math.min(state.last ?? 0, PROFILE - 1) : 0) },
      started ? t("continue") : t("start"))),
    started ? h("p", {}, h("button", { type: "button", class: "button", onclick: () => go(PROFILE) },
      t("see_profile"))) : null,
  ];
}

function part(index) {
  const c = parts[index];
  state.last = index;
  const texts = page.statements[c.key];
  const isLast = index === PROFILE - 1;
  return [
    h("h2", { text: t("part_of", { n: index + 1, total: PROFILE }) }),
    h("h3", { class: "tally-name" }, quality(c)),
    h("p", { class: "hint", text: c.description }),
    h("p", { class: "hint", text: t("part_help") }),
    texts.map((text, i) => ratingGroup({
      id: `s-${c.key}-${i}`, text, scale: page.scale, value: answerOf(c.key, i),
      onChange: (key) => { state.answers[`${c.key}:${i}`] = key; save(); },
    })),
    h("div", { class: "step-buttons" },
      h("button", { type: "button", class: "button", onclick: () => go(index - 1) },
        index === 0 ? t("back_to_intro") : t("previous")),
      h("button", { type: "button", class: "button primary", id: "selfcheck-next",
        onclick: () => go(index + 1) }, isLast ? t("see_profile") : t("next"))),
  ];
}

function quality(c) {
  // The icon's hashed address comes with the page (cached for good: see assets.py).
  const img = h("img", { class: "icon", src: c.icon ?? `/static/icons/${c.key}.svg`, alt: "" });
  img.setAttribute("aria-hidden", "true");
  return [img, h("span", { class: "c-name", text: shownName(c) })];
}

/** Per quality: how many statements fit, how many are learning points, how many are open. */
function counts(key) {
  const ratings = ratingsOf(key);
  const fit = ratings.filter((r) => fitKeys.has(r)).length;
  const open = ratings.filter((r) => r === null).length;
  return { fit, learn: ratings.length - fit - open, open, total: ratings.length };
}

/** A short summary first: the qualities that suit best, and where there is most to learn. */
function summary() {
  const all = parts.map((c) => ({ c, n: counts(c.key) }));
  const best = all.filter((x) => x.n.fit >= 3).map((x) => x.c.name);
  const learn = all.filter((x) => x.n.learn >= 2).map((x) => x.c.name);
  return h("div", { class: "card profile-summary" },
    best.length ? h("p", { text: t("summary_best", { names: best.join(", ") }) }) : null,
    learn.length ? h("p", { text: t("summary_learn", { names: learn.join(", ") }) }) : null,
    !best.length && !learn.length ? h("p", { text: t("summary_none") }) : null);
}

function profile() {
  return [
    h("h2", { text: t("profile_title") }),
    h("p", { text: t("profile_help") }),
    summary(),
    h("p", { class: "profile-key", "aria-hidden": "true" },
      h("span", { class: "cell fit" }), ` ${t("key_fit")} `,
      h("span", { class: "cell learn" }), ` ${t("key_learn")} `,
      h("span", { class: "cell open" }), ` ${t("key_open")}`),
    h("ul", { class: "profile plain" }, parts.map((c) => {
      const n = counts(c.key);
      const points = learningPoints(page.statements[c.key], ratingsOf(c.key), page.scale);
      return h("li", { class: "profile-row" },
        h("h3", { class: "tally-name" }, quality(c)),
        // The picture; the sentence under it says the same for screen readers and print.
        h("div", { class: "bar", "aria-hidden": "true" },
          ratingsOf(c.key).map((r) => h("span", {
            class: `cell ${r === null ? "open" : fitKeys.has(r) ? "fit" : "learn"}` }))),
        h("p", { class: "profile-text", text: profileLine(n) }),
        points.length ? h("p", { class: "hint", text: t("learning_points") }) : null,
        points.length ? h("ul", {}, points.map((p) => h("li", { text: p }))) : null);
    })),
    h("div", { class: "print-bar" },
      h("button", { type: "button", class: "button primary", onclick: () => window.print() },
        t("print")),
      h("button", { type: "button", class: "button", id: "selfcheck-save", onclick: saveText },
        t("save_text")),
      h("button", { type: "button", class: "button", onclick: () => go(0) }, t("change")),
      h("button", { type: "button", class: "button", id: "selfcheck-clear", onclick: clear },
        t("clear"))),
  ];
}

function profileLine(n) {
  const parts = [t("fits_n", { n: n.fit, total: n.total })];
  if (n.learn) parts.push(t("learn_n", { n: n.learn }));
  if (n.open) parts.push(t("open_n", { n: n.open }));
  return parts.join(" ");
}

function asText() {
  const lines = [t("file_title"), new Date().toLocaleDateString(document.documentElement.lang), "",
    ...[...summary().querySelectorAll("p")].map((p) => p.textContent), ""];
  for (const c of parts) {
    lines.push(`${c.name}: ${profileLine(counts(c.key))}`);
    page.statements[c.key].forEach((text, i) => {
      const answer = answerOf(c.key, i);
      lines.push(`    - ${text} — ${answer ? labelOf[answer] : t("key_open")}`);
    });
    lines.push("");
  }
  return lines.join("\r\n");
}

function saveText() {
  // Made in the browser: a blob: address is no request to any server.
  const url = URL.createObjectURL(new Blob(["\ufeff", asText()], { type: "text/plain;charset=utf-8" }));
  const link = h("a", { href: url, download: t("file_name") });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function clear() {
  if (!window.confirm(t("clear_confirm"))) return;
  state = { answers: {}, step: -1 };
  try {
    window.localStorage.removeItem(STORE_KEY);
  } catch {
    // Nothing was kept.
  }
  go(-1);
}

function render() {
  const step = state.step;
  let content;
  if (step >= PROFILE) content = profile();
  else if (step >= 0) content = part(step);
  else content = intro();
  root.replaceChildren(...[content].flat(Infinity).filter(Boolean));
}

render();
