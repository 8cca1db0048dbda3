// The self-check on its own, without a session: 12 parts of 4 statements, then a profile.
// Everything stays in this browser: the answers live in localStorage, the profile is made
// here, "save as text" makes the file here. Nothing is sent to the server.
//
// Each check that reaches the profile is kept with its day (one per day, in localStorage
// too); the profile then says per quality what changed since the check before. The checks
// go to a new phone as a file (selfcheck_file.js), made and read here as well.
import { h, shownName } from "./dom.js";
import { learningPoints, ratingGroup } from "./scale.js";
import {
  dateOf, dayOf, FileProblem, fileText, MAX_BYTES, MAX_CHECKS, merged, readChecks,
} from "./selfcheck_file.js";

const page = JSON.parse(document.getElementById("page-data").textContent);
const root = document.getElementById("selfcheck");
const STORE_KEY = "selfcheck:v1";
const CHECKS_KEY = "selfcheck:checks:v1";
const status = document.getElementById("selfcheck-status");
const parts = page.competencies; // in the order of the profile
const PROFILE = parts.length;

function t(key, params = {}) {
  const text = page.strings[key] ?? key;
  return text.replace(/%\((\w+)\)[sd]/g, (_, name) => String(params[name] ?? ""));
}

const tn = (key, n, params = {}) => t(n === 1 ? `${key}_one` : `${key}_other`, { n, ...params });

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
const fileRules = (today, kept = false) => ({ statements: page.statements,
  scaleKeys: Object.keys(labelOf), today, kept });
const answeredCount = () => Object.keys(state.answers).length;

function go(step) {
  state.step = step;
  if (step >= PROFILE) record();
  if (step >= 0 || answeredCount()) save(); // after "delete my answers" nothing is kept
  say("");

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
    history(),
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
function counts(key, ratings = ratingsOf(key)) {
  const fit = ratings.filter((r) => fitKeys.has(r)).length;
  const open = ratings.filter((r) => r === null).length;
  return { fit, learn: ratings.length - fit - open, open, total: ratings.length };
}

/** A short summary first: the qualities that suit best, and where there is most to learn. */
function summary() {
  const all = parts.map((c) => ({ c, n: counts(c.key) }));
  const best = all.filter((x) => x.n.fit >= 3).map((x) => shownName(x.c));
  const learn = all.filter((x) => x.n.learn >= 2).map((x) => shownName(x.c));
  return h("div", { class: "card profile-summary" },
    best.length ? h("p", { text: t("summary_best", { names: best.join(", ") }) }) : null,
    learn.length ? h("p", { text: t("summary_learn", { names: learn.join(", ") }) }) : null,
    !best.length && !learn.length ? h("p", { text: t("summary_none") }) : null);
}

function profile() {
  const before = previousCheck();
  return [
    h("h2", { text: t("profile_title") }),
    h("p", { text: t("profile_help") }),
    before ? h("p", { class: "change-intro", text: t("change_intro", { day: shownDay(before.date) }) })
      : null,
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
        before ? h("p", { class: "change", text: change(before, c.key, ratingsOf(c.key)) }) : null,
        points.length ? h("p", { class: "hint", text: t("learning_points") }) : null,
        points.length ? h("ul", {}, points.map((p) => h("li", { text: p }))) : null);
    })),
    h("div", { class: "print-bar" },
      h("button", { type: "button", class: "button primary", onclick: () => window.print() },
        t("print")),
      h("button", { type: "button", class: "button", id: "selfcheck-save", onclick: saveText },
        t("save_text")),
      h("button", { type: "button", class: "button", onclick: () => go(0) }, t("change")),
      h("button", { type: "button", class: "button", id: "selfcheck-again", onclick: again },
        t("again"))),
    history(),
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
    // (Without the page's soft hyphens: a text file has no lines to break.)
    ...[...summary().querySelectorAll("p")].map((p) => p.textContent.replaceAll("\u00ad", "")), ""];
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
  download(t("file_name"), "text/plain;charset=utf-8", "\ufeff", asText());
}

/** A new check from the start; the ones done stay in the history. */
function again() {
  state = { answers: {}, step: 0 };
  go(0);
}

// --- the checks kept on this phone, and their file ---------------------------------------

const fits = (ratings) => ratings.filter((r) => fitKeys.has(r)).length;
const shownDay = (day) => dateOf(day).toLocaleDateString(document.documentElement.lang,
  { day: "numeric", month: "long", year: "numeric" });

/** The checks kept on this phone, oldest first (none when nothing readable is kept). */
function loadChecks() {
  try {
    const text = window.localStorage.getItem(CHECKS_KEY);
    if (!text) return [];
    // Kept here by this page: any day (a phone's clock may have been wrong), and what an
    // older self-check kept is read as far as this one knows it.
    return readChecks(text, fileRules("9999-12-31", true));
  } catch {
    return [];
  }
}

/** Keep ``checks``; false when this phone cannot keep them (and then nothing changed). */
function storeChecks(checks) {
  try {
    if (checks.length) window.localStorage.setItem(CHECKS_KEY, fileText(checks));
    else window.localStorage.removeItem(CHECKS_KEY);
    return true;
  } catch {
    return false;
  }
}

/** The answers being given, per quality as the file has them. */
const currentAnswers = () => Object.fromEntries(parts.map((c) => [c.key, ratingsOf(c.key)]));

/** Keep the check just finished with today's date (answers changed on a later day are how
 * the member sees it that day: a check of its own). One check per day: the last one counts. */
function record() {
  if (!answeredCount()) return;
  const day = dayOf(new Date());
  const all = merged(loadChecks(), [{ date: day, answers: currentAnswers() }]);
  if (storeChecks(all.slice(-MAX_CHECKS))) state.recorded = day;
}

/** The check before the one on the profile, if this phone has one. */
function previousCheck() {
  const day = state.recorded ?? dayOf(new Date());
  const before = loadChecks().filter((c) => c.date < day);
  return before.length ? before[before.length - 1] : null;
}

const answered = (ratings) => ratings.some((r) => r !== null);

/** Per quality: how the statements that suit you went up or down since ``before``; a part
 * skipped then or now is said as that, not as a change. */
function change(before, key, ratings) {
  const earlier = before.answers[key] ?? [];
  const then = fits(earlier);
  const now = fits(ratings);
  const day = shownDay(before.date);
  if (!answered(ratings)) return t("change_open_now");
  if (!answered(earlier)) return t("change_open_then", { day });
  if (now > then) return tn("change_more", now - then, { day });
  if (now < then) return tn("change_fewer", then - now, { day });
  return t("change_same", { day });
}

function history() {
  const checks = loadChecks();
  const newestFirst = [...checks].reverse();
  return h("section", { class: "checks", "aria-labelledby": "checks-title" },
    h("h2", { id: "checks-title", text: t("checks_title") }),
    h("p", { text: checks.length ? t("checks_kept") : t("checks_none") }),
    checks.length ? h("ul", { class: "plain check-list", id: "selfcheck-checks" },
      newestFirst.map((check, i) => {
        const before = newestFirst[i + 1];
        return h("li", { class: "check", "data-day": check.date },
          h("details", { class: "folded", open: i === 0 },
            h("summary", {}, h("h3", { text: t("check_of", { day: shownDay(check.date) }) })),
            h("ul", {}, parts.map((c) => {
              const ratings = check.answers[c.key] ?? [];
              const line = answered(ratings)
                ? t("check_line", { name: shownName(c), n: fits(ratings), total: page.statements[c.key].length })
                : t("check_open", { name: shownName(c) });
              return h("li", {}, line,
                before && answered(ratings) ? ` ${change(before, c.key, ratings)}` : null);
            }))));
      })) : null,
    h("div", { class: "print-bar" },
      checks.length ? h("button", { type: "button", class: "button", id: "selfcheck-save-checks",
        onclick: saveChecks }, t("checks_save")) : null,
      h("button", { type: "button", class: "button", id: "selfcheck-load",
        onclick: () => picker.click() }, t("checks_load")),
      checks.length || answeredCount() ? h("button", { type: "button", class: "button",
        id: "selfcheck-clear", onclick: clear }, t("checks_clear")) : null));
}

/** A message under the page (role=status: a screen reader reads it out). */
function say(text, kind = "ok") {
  status.className = `message ${kind}`;
  status.textContent = text;
}

function download(name, type, ...content) {
  // Made in the browser: a blob: address is no request to any server.
  const url = URL.createObjectURL(new Blob(content, { type }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function saveChecks() {
  download(t("checks_file_name", { day: dayOf(new Date()) }), "application/json",
    fileText(loadChecks()));
  say(t("checks_saved"));
}

// The file chooser behind "Load checks from a file": the button is what people see and use.
const picker = h("input", { type: "file", accept: ".json,application/json", hidden: true,
  id: "selfcheck-file" });
picker.addEventListener("change", () => {
  const file = picker.files[0];
  picker.value = ""; // the same file may be chosen again
  if (file) loadFile(file);
});
document.body.append(picker);

async function loadFile(file) {
  const loaded = await checksIn(file);
  if (loaded instanceof FileProblem) {
    say(t(loaded.key, loaded.params), "error");
    return;
  }
  const all = merged(loadChecks(), loaded);
  if (all.length > MAX_CHECKS) {
    say(t("file_too_many_together", { max: MAX_CHECKS }), "error");
    return;
  }
  if (!storeChecks(all)) {
    say(t("checks_not_kept"), "error");
    return;
  }
  render();
  root.querySelector("#selfcheck-load").focus();
  say(tn("checks_loaded", loaded.length, { total: all.length }));
}

/** The checks in ``file``, or the FileProblem that says why not. */
async function checksIn(file) {
  if (file.size > MAX_BYTES) return new FileProblem("file_too_big");
  try {
    const text = await file.text();
    return readChecks(text, fileRules(dayOf(new Date())));
  } catch (error) {
    return error instanceof FileProblem ? error : new FileProblem("file_not_ours");
  }
}

function clear() {
  if (!window.confirm(t("checks_clear_confirm"))) return;
  state = { answers: {}, step: -1 };
  try {
    window.localStorage.removeItem(STORE_KEY);
    window.localStorage.removeItem(CHECKS_KEY);
  } catch {
    // Nothing was kept.
  }
  go(-1);
  say(t("checks_cleared"));
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
