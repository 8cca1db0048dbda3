// The team picture: who the team sees as strong in what (the map), and which tasks of the
// advocacy cycle the team covers. Shown on the closing slides of the shared screen, on the
// host page, and (as a hint) on a phone choosing what to get better at.
// Never colour alone: every cell has its number, the most chosen are bold and framed, a gap
// says so in words and is hatched.
import { competencies, competency, h, icon, page, t, tn } from "./live.js";

const cores = page.core_tasks ?? [];
const tasks = Object.fromEntries((page.tasks ?? []).map((task) => [task.key, task]));
const lower = (text) => text.toLocaleLowerCase(document.documentElement.lang || "nl");
const qualityName = (key) => lower(competency(key).name);

const VOWEL = /[aeiouyàáäâèéëêìíïîòóöôùúüû]/i;

/**
 * Soft hyphens between syllables (roughly: before the consonant that starts the next
 * syllable), so a long quality name in a narrow column breaks with a hyphen, not anywhere.
 */
function hyphenate(word) {
  const vowel = (c) => VOWEL.test(c);
  const parts = [];
  let start = 0;
  let i = 1;
  while (i < word.length - 2) {
    if (!vowel(word[i - 1]) || vowel(word[i])) { i += 1; continue; }
    let j = i;
    while (j < word.length && !vowel(word[j])) j += 1;
    if (j < word.length - 1) {
      // "kr", "fl": a consonant with r or l often starts a syllable together.
      const pair = j - i >= 2 && /[lr]/i.test(word[j - 1]) && !/[lr]/i.test(word[j - 2]);
      const cut = pair ? j - 2 : j - 1;
      if (cut - start >= 2) { parts.push(word.slice(start, cut)); start = cut; }
    }
    i = j;
  }
  parts.push(word.slice(start));
  return parts.join("\u00ad");
}

export const breakable = (text) => text.split(/([\s/-]+)/)
  .map((word) => (word.length > 6 ? hyphenate(word) : word)).join("");

/** Members × the 12 qualities: how many teammates chose each quality for each member. */
export function renderMap(picture) {
  const table = h("table", { class: "team-map" },
    h("caption", { class: "visually-hidden", text: t("map_caption") }),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", class: "map-member", text: t("map_member") }),
      competencies.map((c) => h("th", { scope: "col", class: "map-quality" },
        icon(c.key), h("span", { class: "q-name", text: breakable(c.name) }))))),
    h("tbody", {}, picture.map.map((row) => h("tr", {},
      h("th", { scope: "row", class: "map-member", text: row.name }),
      competencies.map((c) => {
        const n = row.counts[c.key] ?? 0;
        const most = row.most.includes(c.key);
        const cls = ["map-cell", n ? `n${Math.min(n, 3)}` : "n0", most ? "most" : ""].join(" ");
        if (!n) {
          return h("td", { class: cls },
            h("span", { "aria-hidden": "true", text: "·" }),
            h("span", { class: "visually-hidden", text: "0" }));
        }
        return h("td", { class: cls }, most ? h("strong", { text: String(n) }) : String(n),
          most ? h("span", { class: "visually-hidden", text: ` (${t("map_most")})` }) : null);
      })))));
  // A wide table may scroll sideways on a small host window: reachable by keyboard too.
  return h("div", { class: "map-scroll", tabindex: "0", role: "region",
    "aria-label": t("map_caption") }, table);
}

// More gaps than this are counted on the screen instead of named (the pictograms show
// which); the names are always there for screen readers, on the host page and in print.
const NAMED_GAPS = 2;

function taskItem(task) {
  const info = tasks[task.key] ?? { title: task.key };
  const gaps = task.gaps.map(qualityName);
  const full = t("gap_list", { names: gaps.join(", ") });
  let gapLine = null;
  if (gaps.length > NAMED_GAPS) {
    gapLine = h("p", { class: "task-gaps" },
      h("span", { "aria-hidden": "true", text: t("gap_count", { n: gaps.length }) }),
      h("span", { class: "visually-hidden", text: full }));
  } else if (gaps.length) {
    gapLine = h("p", { class: "task-gaps", text: full });
  }
  return h("li", { class: gaps.length ? "cycle-task has-gap" : "cycle-task covered" },
    h("p", { class: "task-name" },
      h("span", { class: "task-number", text: task.key }), " ", info.title),
    h("p", { class: "task-cover" },
      h("span", { class: "meter", "aria-hidden": "true" }, task.qualities.map((key) =>
        h("span", { class: task.gaps.includes(key) ? "seg off" : "seg on" }, icon(key)))),
      // Short on the screen ("4 of 5"), the whole sentence for screen readers. A follow-up
      // says last time's first: "2 of 5 → 4 of 5".
      h("span", { class: gaps.length ? "" : "task-full", "aria-hidden": "true",
        text: `${gaps.length ? "" : "✓ "}${task.then_covered === undefined ? ""
          : `${t("x_of_y", { covered: task.then_covered, total: task.total })} → `}${
          t("x_of_y", { covered: task.covered, total: task.total })}` }),
      h("span", { class: "visually-hidden", text: task.then_covered === undefined
        ? t("covered_of", { covered: task.covered, total: task.total })
        : t("covered_then_now", { then: task.then_covered, covered: task.covered,
          total: task.total }) })),
    gapLine);
}

/** The four core tasks as a cycle, each task with how many of its qualities are covered. */
export function renderCycle(picture, { headingLevel = "h3", only = false } = {}) {
  // ``only``: a part of the slide, with only the core tasks that have a task in it.
  const shown = only ? cores.filter((core) => picture.tasks.some((task) => task.core === core.key))
    : cores;
  return h("div", { class: "cycle" },
    h("ol", { class: "cycle-cores" }, shown.map((core) => h("li", { class: `core core-${core.key}`,
      value: String(core.number) },
      h(headingLevel, { class: "core-name" },
        h("span", { class: "core-number", text: `${core.number}` }), " ", core.name),
      h("ul", { class: "core-tasks" },
        picture.tasks.filter((task) => task.core === core.key).map(taskItem)),
      // The cycle closes: the last core task leads back to the first.
      core.number === cores.length && picture.tasks.some((task) => task.core === core.key)
        ? h("p", { class: "cycle-back", text: t("cycle_back") }) : null))));
}

/** For the host: per task, who is strong in each quality it needs. */
export function renderCoverageDetails(picture) {
  return h("ol", { class: "coverage-details" }, picture.tasks.map((task) => h("li", {},
    h("p", { class: "task-name" }, h("span", { class: "task-number", text: task.key }), " ",
      tasks[task.key]?.title ?? "", " — ",
      t("covered_of", { covered: task.covered, total: task.total })),
    h("ul", {}, task.qualities.map((key) => {
      const strong = picture.strong[key] ?? [];
      return h("li", { class: strong.length ? "" : "gap-line" }, `${competency(key).name}: `,
        strong.length ? strong.join(", ") : t("nobody_strong"));
    })))));
}

/** The keys (members, tasks, groups) the current part of slide ``name`` shows; null when
 * the slide is not in parts (everything shows). */
export function partKeys(state, name) {
  const slide = state.slide;
  if (!slide || slide.name !== name) return null;
  return new Set(slide.parts[slide.step] ?? []);
}

/** "(part 2 of 3)" after a slide's title while it has more than one part. */
export function partLabel(state) {
  const slide = state.slide;
  if (!slide || slide.parts.length < 2) return null;
  return h("span", { class: "slide-part",
    text: ` (${t("part_of", { part: slide.step + 1, parts: slide.parts.length })})` });
}

/** The team map on the big screen: one line per member of this part, each quality chosen
 * for them with how often (the most chosen in bold and framed). A member who never got a
 * round is not on it; a kind line says so, without names. */
function mapQuality(c, row) {
  const most = row.most.includes(c.key);
  return h("li", { class: most ? "map-quality most" : "map-quality" },
    icon(c.key), h("span", { class: "q-name", text: c.name }), " ",
    h("span", { class: "map-count", text: String(row.counts[c.key]) }),
    most ? h("span", { class: "visually-hidden", text: ` (${t("map_most")})` }) : null);
}

// A follow-up: a quality "last time → now" (0 → 2 is marked new); counted per member.
function thenNowQuality(q, row) {
  const c = competency(q.key);
  const most = row.most.includes(q.key);
  return h("li", { class: ["map-quality", most ? "most" : "", q.now ? "" : "gone"].join(" ").trim(),
    "data-key": `then-now-${q.key}` },
  icon(q.key), h("span", { class: "q-name", text: c.name }), " ",
  h("span", { class: "map-count then-now", "aria-hidden": "true", text: `${q.then} → ${q.now}` }),
  h("span", { class: "visually-hidden", text: ` ${t("then_now_read", q)}` }),
  q.new ? h("span", { class: "map-new", text: t("then_now_new") }) : null,
  most ? h("span", { class: "visually-hidden", text: ` (${t("map_most")})` }) : null);
}

function mapQualities(row) {
  if (row.then_now) return row.then_now.map((q) => thenNowQuality(q, row));
  return [row.new_member ? h("li", { class: "map-quality map-new-member",
    text: t("map_new_member") }) : null,
  ...competencies.filter((c) => row.counts[c.key]).map((c) => mapQuality(c, row))];
}

function mapSlide(state) {
  const picture = state.picture;
  const keys = partKeys(state, "map");
  const rows = picture.map.filter((row) => !row.no_round && (!keys || keys.has(row.id)));
  const last = !keys || keys.has("left_out");
  const followUp = Boolean(picture.left_team);
  return [h("div", { class: "wall map-slide" },
    h("h2", { class: "board-title picture-title" }, t("thanks_title"), partLabel(state)),
    h("p", { class: "note picture-note", text: t(followUp ? "map_then_now_note"
      : "map_note_short") }),
    h("ul", { class: "map-rows" }, rows.map((row) => h("li", { class: "map-row",
      "data-member": row.name },
      h("h3", { class: "map-name", text: row.name }),
      h("ul", { class: "map-qualities", "aria-label": t("map_qualities_of", { name: row.name }) },
        mapQualities(row))))),
    last && picture.left_out ? h("p", { class: "note left-out",
      text: tn("map_left_out", picture.left_out) }) : null,
    (!keys || keys.has("left_team")) && picture.left_team?.length ? h("p", {
      class: "note left-team", text: t("map_left_team", { names: picture.left_team.join(", ") }) })
      : null)];
}

/** The four tasks on the big screen: the tasks of this part, under their core task. */
function cycleSlide(state) {
  const keys = partKeys(state, "cycle");
  const shown = { ...state.picture, tasks: state.picture.tasks.filter((task) => !keys
    || keys.has(task.key)) };
  const cycle = renderCycle(shown, { only: true });
  return [h("div", { class: "wall cycle-slide" },
    h("h2", { class: "board-title picture-title" }, t("cycle_title"), partLabel(state)),
    h("p", { class: "note picture-note", text: t(state.picture.left_team ? "cycle_then_now_note"
      : "cycle_note") }),
    cycle)];
}

/**
 * Who does what: the tasks with names, one part at a time (the server splits them so that
 * every line stays at the back row's size; only the facilitator turns the parts).
 */
function rolesSlide(roles) {
  const steps = roles.steps ?? [[]];
  const index = Math.min(roles.step ?? 0, steps.length - 1);
  const keys = steps[index];
  const named = Object.fromEntries(roles.tasks.map((task) => [task.key, task.names]));
  const shown = keys.filter((key) => named[key]);
  return [h("div", { class: "roles", "data-step": String(index) },
    h("h2", { class: "roles-title" }, t("roles_slide_title"),
      steps.length > 1 ? h("span", { class: "roles-part",
        text: ` (${t("roles_part", { part: index + 1, parts: steps.length })})` }) : null),
    roles.tasks.length ? null : h("p", { class: "roles-line", text: t("roles_empty") }),
    shown.length ? h("ul", { class: "roles-tasks" }, shown.map((key) => h("li", { class: "roles-line" },
      h("span", { class: "task-number", text: key }), " ",
      h("span", { class: "roles-task", text: tasks[key]?.title ?? "" }),
      h("span", { class: "visually-hidden", text: ":" }), " ",
      h("span", { class: "roles-names", text: named[key].join(", ") })))) : null,
    keys.includes("open") ? h("p", { class: "roles-line roles-open",
      text: t("roles_open", { tasks: roles.open.join(", ") }) }) : null)];
}

/** The closing slide the host chose: the thanks with the map, the cycle, the duos, or who
 * does what. */
export function closingSlide(state, duos) {
  const picture = state.picture;
  const slide = state.closing_slide;
  if (slide === "roles" && state.roles) return rolesSlide(state.roles);
  if (!picture || slide === "duos" || slide === "roles") return duos(state);
  if (slide === "cycle") return cycleSlide(state);
  return mapSlide(state);
}

const KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

/** What → / ← do after the rounds: a slide in parts turns its parts first; then (on the
 * host's page only, ``slides``) the next or previous closing slide. */
function turnFor(state, delta, slides) {
  if (state.phase === "closed" && state.closing_slide === "roles" && state.roles) {
    const part = (state.roles.step ?? 0) + delta;
    if (part >= 0 && part < (state.roles.steps?.length ?? 1)) return ["roles_step", { step: part }];
  } else if (state.slide) {
    const part = state.slide.step + delta;
    if (part >= 0 && part < state.slide.parts.length) return ["slide_step", { step: part }];
  }
  if (!slides || state.phase !== "closed") return null;
  const order = page.closing_slides; // the host's page only: the order of the slides
  const next = order[order.indexOf(state.closing_slide) + delta];
  return next ? ["show_closing", { slide: next }] : null;
}

/**
 * → / ← and a presenter remote (PageDown / PageUp) on the projector page and in
 * presentation mode: the facilitator turns every part and slide; nothing turns by itself.
 */
export function slideKeys(getState, send, { slides = false } = {}) {
  document.addEventListener("keydown", (event) => {
    const state = getState();
    const delta = KEYS[event.key];
    if (!delta || !state || !["pairing", "closed"].includes(state.phase)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!document.body.matches(".screen, .presenting")) return;
    if (event.target.closest?.("input, select, textarea")) return;
    const turn = turnFor(state, delta, slides);
    if (!turn) return;
    event.preventDefault();
    send(...turn);
  });
}

/** Host: which part of a slide in parts the big screen shows, and the buttons to turn it. */
export function partControls(state, button, act) {
  const slide = state.slide;
  if (!slide || slide.parts.length < 2) return null;
  const previous = button("part-previous", t("roles_previous"),
    () => act("slide_step", { step: slide.step - 1 }));
  const next = button("part-next", t("roles_next"), () => act("slide_step", { step: slide.step + 1 }),
    { primary: true });
  previous.disabled = slide.step === 0;
  next.disabled = slide.step === slide.parts.length - 1;
  return h("div", { class: "roles-steps" },
    h("p", { class: "reveal-status", text: t("roles_at", { part: slide.step + 1,
      parts: slide.parts.length }) }),
    h("p", { class: "actions" }, previous, next));
}

/** Host controls: which closing slide the shared screen shows, and the details. */
export function closingControls(state, button, act) {
  const current = state.closing_slide;
  const choice = (slide, text) => {
    const b = button(`slide-${slide}`, text, () => act("show_closing", { slide }),
      { primary: slide === current });
    b.setAttribute("aria-pressed", String(slide === current));
    return b;
  };
  return h("section", { class: "card now" },
    h("h2", { text: t("slides_title") }),
    h("p", { class: "hint", text: t("slides_help") }),
    h("p", { class: "actions slide-choice" },
      page.closing_slides.map((slide) => choice(slide, t(`slide_${slide}`)))),
    current === "roles" ? rolesParts(state.roles, button, act) : partControls(state, button, act),
    state.picture ? h("details", { class: "picture-details" },
      h("summary", { text: t("coverage_details") }),
      renderCoverageDetails(state.picture)) : null);
}

/** Host: which part of "who does what" the big screen shows, and the buttons to turn it. */
function rolesParts(roles, button, act) {
  const steps = roles?.steps ?? [[]];
  if (steps.length < 2) return null;
  const index = Math.min(roles.step ?? 0, steps.length - 1);
  const previous = button("roles-previous", t("roles_previous"),
    () => act("roles_step", { step: index - 1 }));
  const next = button("roles-next", t("roles_next"), () => act("roles_step", { step: index + 1 }),
    { primary: true });
  previous.disabled = index === 0;
  next.disabled = index === steps.length - 1;
  return h("div", { class: "roles-steps" },
    h("p", { class: "reveal-status", text: t("roles_at", { part: index + 1, parts: steps.length }) }),
    h("p", { class: "actions" }, previous, next));
}

/** Host, after the rounds: every task with the members it fits (suggestions) and the names
 * the team put on it. Anyone may be put on any task: a suggestion is not a rule. */
export function rolesSection(state, button, act) {
  const board = state.task_board;
  if (!board) return null;
  const names = Object.fromEntries(state.members.map((m) => [m.id, m.name]));
  const label = (key) => `${key} ${tasks[key]?.title ?? ""}`;
  return h("section", { class: "card roles-card", "aria-labelledby": "roles-title" },
    h("h2", { id: "roles-title", text: t("roles_title") }),
    h("p", { class: "hint", text: t("roles_help") }),
    h("ol", { class: "roles-board" }, board.map((row) => {
      const id = `roles-add-${row.key.replace(".", "-")}`;
      const suggested = row.suggested.filter((m) => names[m]);
      const others = state.members.filter((m) => !row.suggested.includes(m.id))
        .filter((m) => !row.assigned.includes(m.id));
      const select = h("select", { id, "data-key": id },
        suggested.filter((m) => !row.assigned.includes(m))
          .map((m) => h("option", { value: String(m) }, t("roles_fit_option", { name: names[m] }))),
        others.map((m) => h("option", { value: String(m.id) }, m.name)));
      return h("li", { class: "roles-row" },
        h("h3", { class: "task-name" }, h("span", { class: "task-number", text: row.key }), " ",
          tasks[row.key]?.title ?? ""),
        h("p", { class: "hint", text: suggested.length
          ? t("roles_fits", { names: suggested.map((m) => names[m]).join(", ") })
          : t("roles_fits_nobody") }),
        row.assigned.length ? h("ul", { class: "chips roles-given" }, row.assigned.map((m) => {
          const remove = button(`roles-remove-${row.key}-${m}`, "×", () => act("unassign_task",
            { task: row.key, member_id: m }));
          const text = t("roles_remove", { name: names[m] ?? "", task: label(row.key) });
          remove.setAttribute("aria-label", text);
          remove.title = text;
          return h("li", { class: "chip" }, h("span", { text: names[m] ?? "" }), " ", remove);
        })) : h("p", { text: t("roles_nobody") }),
        select.options.length ? h("div", { class: "move" },
          h("label", { for: id, text: t("roles_add_label", { task: label(row.key) }) }), select,
          button(`roles-add-button-${row.key}`, t("roles_add"), () => act("assign_task",
            { task: row.key, member_id: Number(select.value) }))) : null);
    })));
}

/** Host, while changing the duos: the map, folded away until asked for. */
export function pairingMap(state) {
  if (!state.picture) return null;
  return h("section", { class: "card" },
    h("details", { class: "picture-details" },
      h("summary", { text: t("map_details") }),
      h("p", { class: "hint", text: t("map_note") }),
      renderMap(state.picture)));
}

/** A phone choosing a goal: which tasks of the team this quality would help with. */
export function goalHint(state, key, id) {
  const count = state.team_gaps?.[key];
  if (!count) return null;
  return h("p", { class: "goal-hint", id, text: tn("goal_gap", count, { quality: qualityName(key) }) });
}

/** Add the hint under each choice of the goal form, read out together with the choice. */
export function addGoalHints(rows, state) {
  for (const row of rows) {
    const id = `goal-hint-${row.input.value}`;
    const hint = goalHint(state, row.input.value, id);
    if (!hint) continue;
    row.item.append(hint);
    const before = row.input.getAttribute("aria-describedby") ?? "";
    row.input.setAttribute("aria-describedby", `${before} ${id}`.trim());
  }
}
