// Help with reading, two choices a member makes on their own phone (remembered there):
// "Makkelijk lezen" (easy-read: short sentences, one question per screen; the pages that ask
// something follow ``easyRead()`` and the "easyread" event) and "Voorlezen" (read aloud).
//
// "Voorlezen": the phone reads the page aloud with its own voice (the Web Speech API of the
// browser). Nothing is sent anywhere. A member turns it on once (remembered on the phone);
// then a speaker button stands beside each question, quality description, reason, goal and
// duo, and "read everything" reads the page from the top. Speaking stops when what is being
// read leaves the page (a new step) or the page is hidden.
//
// The pages mark nothing for this: the buttons follow the page's own structure, so a step
// added later gets them too. Add `data-speak` to an element to give it a button as well.
import { h } from "./dom.js";

const data = document.getElementById("reading-data");
const texts = data ? JSON.parse(data.textContent) : null;
const STORE_KEY = "teamkracht:read-aloud";
const EASY_KEY = "teamkracht:easy-read";

// What gets its own speaker button (the list: the question, each quality's
// description, each reason received, the goal, the duo, the result).
const SPEAKABLE = [
  "[data-speak]", "main h2", ".c-desc", ".tally-name", ".reasons > li", ".partner",
  ".duo li", ".groups li li", ".my-tasks li", "#results > p", "#view > p", ".card > p",
].join(", ");
// What "read everything" reads, in page order (an element inside another one is read
// with it, not twice).
const READABLE = "main h1, main h2, main h3, main p, main li, main legend, main label, main dt, main dd";
// Never read, and never given a button.
const SILENT = "button, .speak-bar, .visually-hidden, [aria-hidden=true], script, .skip-link";

const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
const main = document.querySelector("main");

let enabled = false;
let queue = []; // [element, text] still to read
let speaking = null; // the element being read

function remembered(key) {
  try {
    return window.localStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

function remember(key, on) {
  try {
    if (on) window.localStorage.setItem(key, "1");
    else window.localStorage.removeItem(key);
  } catch {
    // No storage (private mode): the choice holds until the page is left.
  }
}

/** Whether this phone's member chose easy-read. */
export function easyRead() {
  return document.body.classList.contains("easy-read");
}

function setEasy(on, toggle) {
  remember(EASY_KEY, on);
  toggle.setAttribute("aria-pressed", on ? "true" : "false");
  if (on === easyRead()) return;
  document.body.classList.toggle("easy-read", on);
  document.dispatchEvent(new CustomEvent("easyread"));
}

/** The words of an element as a listener should hear them: no button labels, no soft
 * hyphens, no hidden helper text. */
export function spokenText(element) {
  const parts = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent !== element && parent.closest(SILENT)) continue;
    parts.push(node.data);
  }
  return parts.join(" ").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim();
}

function voiceFor(lang) {
  const wanted = lang.slice(0, 2).toLowerCase();
  return (synth?.getVoices() ?? []).find(
    (v) => (v.lang ?? "").replace("_", "-").toLowerCase().startsWith(wanted)) ?? null;
}

// Voices can arrive a moment after the page (Chrome fills the list later).
function voiceReady() {
  if (!synth) return Promise.resolve(null);
  const found = voiceFor(texts.lang);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const done = () => resolve(voiceFor(texts.lang));
    synth.addEventListener?.("voiceschanged", done, { once: true });
    window.setTimeout(done, 1500);
  });
}

let note = null;

function say(message) {
  if (!note) return;
  note.textContent = message;
  note.hidden = !message;
}

function mark(element) {
  document.querySelectorAll(".speaking").forEach((el) => el.classList.remove("speaking"));
  if (element) element.classList.add("speaking");
  speaking = element;
}

export function stop() {
  queue = [];
  mark(null);
  synth?.cancel();
}

async function readNext() {
  const next = queue.shift();
  if (!next) {
    mark(null);
    return;
  }
  const [element, text] = next;
  if (!element.isConnected) {
    stop();
    return;
  }
  const voice = await voiceReady();
  if (!voice) {
    stop();
    say(synth ? texts.no_voice : texts.no_speech);
    return;
  }
  say("");
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = texts.lang;
  utterance.voice = voice;
  utterance.onend = () => { if (speaking === element) readNext(); };
  utterance.onerror = () => { if (speaking === element) mark(null); };
  mark(element);
  synth.speak(utterance);
}

function read(elements) {
  stop();
  queue = elements.map((el) => [el, spokenText(el)]).filter(([, text]) => text);
  readNext();
}

function visible(element) {
  return element.checkVisibility ? element.checkVisibility() : element.offsetParent !== null;
}

/** Every readable block of the page, top to bottom, each once. */
export function pageInOrder() {
  const found = [...main.querySelectorAll(READABLE)].filter(
    (el) => !el.closest(SILENT) && visible(el));
  return found.filter((el) => !found.some((other) => other !== el && other.contains(el)));
}

function speakerIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("speaker");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

function speakButton(element) {
  return h("button", {
    type: "button", class: "speak",
    onclick: () => read([element]),
  }, speakerIcon(), h("span", { class: "visually-hidden", text: texts.this }));
}

// Text that names or describes something else (a heading, a legend, a description a
// checkbox points to): a button inside it would be read as part of that name.
function namesSomething(element) {
  if (/^H[1-6]$/.test(element.tagName) || element.closest("legend, label")) return true;
  const id = element.id;
  return Boolean(id) && Boolean(document.querySelector(
    `[aria-describedby~="${CSS.escape(id)}"], [aria-labelledby~="${CSS.escape(id)}"]`));
}

// The button at the end of the text where it can be (it takes no line of its own), else
// right after it.
function addButton(element) {
  if (element.dataset.speakReady || element.closest(SILENT) || !spokenText(element)) return;
  element.dataset.speakReady = "1";
  const button = speakButton(element);
  if (!namesSomething(element)) element.append(" ", button);
  else if (element.parentElement?.tagName === "LEGEND") element.parentElement.after(button);
  else element.after(button);
}

function addButtons() {
  if (!enabled) return;
  main.querySelectorAll(SPEAKABLE).forEach(addButton);
}

function removeButtons() {
  main.querySelectorAll("button.speak").forEach((b) => {
    // The space before a button at the end of a text goes with it.
    if (b.previousSibling?.nodeType === Node.TEXT_NODE && b.previousSibling.data === " ") {
      b.previousSibling.remove();
    }
    b.remove();
  });
  main.querySelectorAll("[data-speak-ready]").forEach((el) => { delete el.dataset.speakReady; });
}

function setEnabled(on, toggle, extra) {
  enabled = on;
  remember(STORE_KEY, on);
  toggle.setAttribute("aria-pressed", on ? "true" : "false");
  extra.hidden = !on;
  if (on) {
    addButtons();
    voiceReady().then((voice) => say(voice ? "" : (synth ? texts.no_voice : texts.no_speech)));
  } else {
    stop();
    removeButtons();
    say("");
  }
}

function start() {
  if (!texts || !main) return;
  const easy = h("button", { type: "button", class: "button small easy-toggle" }, texts.easy);
  easy.addEventListener("click", () => setEasy(!easyRead(), easy));
  setEasy(remembered(EASY_KEY), easy);
  const toggle = h("button", { type: "button", class: "button small speak-toggle" },
    speakerIcon(), ` ${texts.toggle}`);
  const extra = h("span", { class: "speak-extra" },
    h("button", { type: "button", class: "button small", onclick: () => read(pageInOrder()) },
      texts.all),
    h("button", { type: "button", class: "button small", onclick: stop }, texts.stop));
  note = h("p", { class: "message speak-note", role: "status", hidden: true });
  const bar = h("div", { class: "speak-bar", role: "group", "aria-label": texts.help },
    easy, toggle, extra, note);
  toggle.addEventListener("click", () => setEnabled(!enabled, toggle, extra));
  const heading = main.querySelector("h1");
  if (heading) heading.after(bar);
  else main.prepend(bar);
  setEnabled(remembered(STORE_KEY), toggle, extra);

  // New steps come and go: give new text its buttons, and stop reading what has gone.
  new MutationObserver(() => {
    if (speaking && !speaking.isConnected) stop();
    addButtons();
  }).observe(main, { childList: true, subtree: true });
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", () => { if (document.hidden) stop(); });
}

start();
