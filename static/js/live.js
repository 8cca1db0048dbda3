// Shared by the host, screen and member pages: the live connection and small render helpers.
// User text is only ever inserted with textContent (through h()), never as HTML.
import { io } from "/vendor/socket.io.esm.min.js";
import { h, shownName } from "./dom.js";
import { afterMessage } from "./progress.js";

export const page = JSON.parse(document.getElementById("page-data").textContent);
const strings = page.strings;

/** A translated string; %(name)s and %(name)d are filled from params. */
export function t(key, params = {}) {
  // Easy-read ("Makkelijk lezen", reading.js): a text's easy version where there is one.
  const easy = document.body.classList.contains("easy-read") ? strings[`easy.${key}`] : undefined;
  const text = easy ?? strings[key] ?? key;
  return text.replace(/%\((\w+)\)[sd]/g, (_, name) => String(params[name] ?? ""));
}

/** A translated string that depends on a count: key_one or key_other. */
export function tn(key, n, params = {}) {
  return t(n === 1 ? `${key}_one` : `${key}_other`, { n, ...params });
}

export { h };

export const competencies = page.competencies;
const byKey = Object.fromEntries(competencies.map((c) => [c.key, c]));
export const competency = (key) => byKey[key] ?? { key, name: key, description: "" };

export function icon(key) {
  // The icon's hashed address comes with the page (cached for good: see assets.py).
  const img = h("img", { class: "icon", src: byKey[key]?.icon ?? `/static/icons/${key}.svg`, alt: "" });
  img.setAttribute("aria-hidden", "true");
  return img;
}

/** Say something to screen-reader users without moving their focus. */
export function announce(text) {
  const region = document.getElementById("announce");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

const banner = document.getElementById("connection");

function showConnection(text) {
  if (!banner) return;
  banner.textContent = text;
  banner.hidden = !text;
}

/** Delete this session's unsent drafts from the phone (they hold names and reasons). */
export function forgetDrafts() {
  try {
    const mine = [];
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key.split(":")[1] === page.session) mine.push(key);
    }
    for (const key of mine) window.localStorage.removeItem(key);
  } catch {
    // No storage (private mode): nothing was kept.
  }
}

/** This page has no session any more: take every name and answer off it, say why. */
function leave(text) {
  forgetDrafts();
  showConnection("");
  document.getElementById("join-info")?.remove();
  document.getElementById("main").replaceChildren(
    h("h1", { text }),
    h("p", {}, h("a", { href: "/", text: t("to_start") })));
}

/**
 * Connect and keep connected. onState gets every snapshot newer than the last one.
 * The server sends a full snapshot on every (re)connect, so resuming is the normal path.
 * The page's HTML carries the snapshot it was made with (page.state): that one is drawn at
 * once, before the socket is up, and counts like any other (an older one is not shown).
 */
export function connect(auth, onState) {
  let version = -1;
  let current = null;
  let fromHtml = false; // the view shown came from the page's HTML, not yet from the socket
  if (page.state) {
    fromHtml = true;
    const first = page.state;
    version = first.version;
    current = first;
    // After the page's module has run to its end (onState may use what it defines later).
    queueMicrotask(() => { if (current === first) onState(first); });
  }
  // Through the session's own path: its cookies are sent only there (see views.cookie_path).
  const path = `/s/${encodeURIComponent(auth.session)}/socket.io/`;
  // WebSocket first: one round trip to a live connection (polling first costs two or three
  // more, each slow on a crowded Wi-Fi); long-polling only where a WebSocket cannot open.
  const socket = io({
    auth, path, reconnectionDelayMax: 3000, timeout: 12000,  // > nginx's 8 s: see its site
    transports: ["websocket", "polling"], tryAllTransports: true,
  });
  for (const event of ["state", "progress"]) {
    socket.on(event, (data) => {
      const next = afterMessage(version < 0 ? null : current, event, data);
      if (!next) return;
      // The socket's first view is the one the HTML brought: not drawn again, so nothing
      // moves under a finger or loses its focus. (After a reconnect a view is always drawn:
      // pages clear their "no connection" notes then.)
      const again = fromHtml && next.version === current?.version
        && JSON.stringify(next) === JSON.stringify(current);
      fromHtml = false;
      version = next.version;
      showConnection("");
      if (again) return;
      current = next;
      onState(next);
    });
  }
  socket.on("connect", () => showConnection(""));
  // Told by the server: this page has no place in the session any more. Stop retrying.
  socket.on("removed", (why) => {
    socket.disconnect();
    leave(t(why?.reason === "replaced" ? "link_replaced" : "not_allowed"));
  });
  socket.on("gone", () => { socket.disconnect(); leave(t("session_gone")); });
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") {
      showConnection(t("connection_closed"));
    } else {
      showConnection(t("reconnecting"));
      version = -1; // a restarted server may count again; take whatever comes next
    }
  });
  socket.on("connect_error", (error) => {
    if (error.message === "unauthorized" || error.message === "gone") {
      socket.disconnect();
      leave(t(error.message === "gone" ? "session_gone" : "not_allowed"));
    } else {
      // Refused for now ("busy", "unavailable": the server is there, its database or the
      // shared limits are not): Socket.IO does not retry a refusal by itself. Try again
      // after a few seconds, spread out so that a whole room does not come back at once.
      showConnection(t("reconnecting"));
      if (!socket.active) {
        setTimeout(() => { if (!socket.connected) socket.connect(); }, 2000 + Math.random() * 3000);
      }
    }
  });
  window.addEventListener("online", () => { if (!socket.connected) socket.connect(); });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !socket.connected) socket.connect();
  });

  /** Whether the socket is up. The page is drawn from its HTML before its socket is up: a
   * tap then waits a few seconds for the first connection instead of being lost, and so
   * does a tap while the page moves to another server (below). After a drop the page says
   * at once that it could not send (it shows it is reconnecting). */
  let wasUp = false;
  let moving = false;
  socket.on("connect", () => { wasUp = true; moving = false; });
  function connected(seconds = 5, wait = !wasUp || moving) {
    if (socket.connected && !moving) return Promise.resolve(true);
    if (!wait) return Promise.resolve(false);
    return new Promise((resolve) => {
      const up = () => { clearTimeout(timer); resolve(true); };
      const timer = setTimeout(() => { socket.off("connect", up); resolve(false); }, seconds * 1000);
      socket.once("connect", up);
    });
  }

  // Actions sent that have no answer yet.
  let unanswered = 0;
  const answered = [];
  function settled(seconds) {
    if (!unanswered) return Promise.resolve();
    return new Promise((resolve) => {
      answered.push(resolve);
      setTimeout(resolve, seconds * 1000);
    });
  }

  // The server stops (an upgrade, a restart): leave it at a random moment within the time
  // it gives, once every action sent has its answer, and connect again (nginx then sends
  // this page to another server). Not all pages at once: the other servers take them in turn.
  socket.on("move", (data) => {
    const within = Math.min(Math.max(Number(data?.within) || 0, 0), 30);
    setTimeout(async () => {
      moving = true; // a tap from now on waits for the new connection
      await settled(5);
      socket.disconnect();
      socket.connect();
    }, Math.random() * within * 1000);
  });

  /** Send an action; resolves to {ok, error}. An action whose connection broke before its
   * answer came is sent once more after reconnecting: every action says what it is about
   * (a pick replaces the earlier one), so twice does no more than once. */
  async function send(event, data = {}) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      // Sent again once the page is back, as long as that takes (a frozen server is left
      // after 9 s, and the next server may need 10 s more to be reached).
      if (!(await connected(attempt ? 30 : 5, attempt > 0 || undefined))) break;
      unanswered += 1;
      try {
        return await socket.timeout(10000).emitWithAck(event, data);
      } catch {
        // No answer: the connection broke (or the server did not answer in time).
      } finally {
        unanswered -= 1;
        if (!unanswered) answered.splice(0).forEach((resolve) => resolve());
      }
    }
    return { ok: false, error: t("offline_send") };
  }
  return { socket, send };
}

/** Render a round's tally: each chosen quality with its count and reasons. */
export function renderTally(tally, { headingLevel = "h3" } = {}) {
  if (!tally.length) return h("p", { text: t("no_answers") });
  return h("ul", { class: "tally" }, tally.map((row) => {
    const c = competency(row.competency);
    // "wide": on the projector a quality with many reasons spans both columns.
    return h("li", { class: row.reasons.length > 2 ? "tally-row wide" : "tally-row" },
      h(headingLevel, { class: "tally-name" }, icon(c.key), h("span", { text: shownName(c) }),
        h("span", { class: "count", text: tn("chosen_times", row.count) })),
      h("ul", { class: "reasons" }, row.reasons.map((r) => reasonItem(r))));
  }));
}

/** One reason: its text and who wrote it; or "Henk tells why" when Henk says it aloud. */
export function reasonItem(r) {
  if (r.told) return h("li", { class: "told" }, h("span", { class: "reason-text", text: t("told_why", { name: r.author }) }));
  return h("li", {}, h("span", { class: "reason-text", text: r.text }),
    r.author ? h("span", { class: "author", text: ` — ${r.author}` }) : null);
}

/** A quality's name inside a sentence: in lower case ("wil beter worden in lef"). */
export function inSentence(name) {
  return name.toLocaleLowerCase(document.documentElement.lang || undefined);
}

/** One member's line in a duo: their goal and who can coach them, and why. */
export function coachLine(person, group = null) {
  if (group && group.members.length === 1) return t("alone_in_group", { name: person.name });
  if (!person.goal) return t("no_goal", { name: person.name });
  const goal = inSentence(competency(person.goal).name);
  if (person.coach) {
    return tn("coach_reason", person.coach.votes, {
      name: person.name, coach: person.coach.name, goal,
    });
  }
  return t(person.strong_elsewhere ? "no_coach_group" : "no_coach", { name: person.name, goal });
}

/** For the facilitator: who else in the team got votes for a member's goal, and how many. */
export function alsoLine(person) {
  return t("also_strong", {
    names: person.also_strong.map((o) => `${o.name} (${tn("votes", o.votes)})`).join(", "),
  });
}

export function renderGroups(groups, { headingLevel = "h3", extra = null } = {}) {
  return h("ol", { class: "groups" }, groups.map((group) =>
    h("li", { class: "group" },
      h(headingLevel, { text: group.members.map((m) => m.name).join(" + ") }),
      h("ul", {}, group.members.map((m) => h("li", { class: m.goal && !m.coach ? "warning" : "" },
        h("span", { text: coachLine(m, group) }), extra ? extra(m, group) : null))))));
}

// --- coach mode: a coach for everyone -------------------------------------------------

/** "Anna wants to get better at listening and learns from Bob (3 votes for it)." */
export function learnLine(person) {
  if (!person.coach) return t("no_coach_yet", { name: person.name });
  const params = { name: person.name, coach: person.coach.name };
  if (!person.goal) return t("learns_from_no_goal", params);
  params.goal = competency(person.goal).name.toLowerCase(); // inside a sentence
  if (person.coach.votes > 0) return tn("learns_from", person.coach.votes, params);
  return t(person.strong_elsewhere ? "learns_from_elsewhere" : "learns_from_zero", params);
}

/** Everyone's coach, one line per member (a list the projector can page through). */
export function renderCoaching(people, { extra = null } = {}) {
  return h("ol", { class: "groups coaching" }, people.map((p) =>
    h("li", { class: !p.coach || (p.goal && !p.coach.votes) ? "group warning" : "group" },
      h("p", { class: "learn-line", text: learnLine(p) }), extra ? extra(p) : null)));
}

/** Replace a container's content only when the stage changed, so typing is never lost. */
export function stage(container, key, build) {
  if (container.dataset.stage === key) return false;
  container.dataset.stage = key;
  container.replaceChildren(...[build()].flat(Infinity).filter(Boolean));
  return true;
}

/**
 * Rebuild a container's content, keeping keyboard focus on the control with the same
 * data-key (a rebuilt button is a new element; without this, focus would fall to <body>).
 */
export function rebuild(container, ...children) {
  const focused = container.contains(document.activeElement)
    ? document.activeElement.dataset.key : undefined;
  container.replaceChildren(...children.flat(Infinity).filter(Boolean));
  if (focused) container.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
}

/** A day ("YYYY-MM-DD", as the server sends it) in words, in the page's language. */
export function longDay(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year, month - 1, day).toLocaleDateString(document.documentElement.lang || undefined,
    { day: "numeric", month: "long", year: "numeric" });
}

/** The day `days` from today, as a date field wants it ("YYYY-MM-DD"). */
export function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
