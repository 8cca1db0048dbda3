// The self-check's history on the phone and as a file ("save my checks", "load checks"),
// without the page: what a check is, how the file looks, and how a file is checked before
// anything stored changes. Made and read in the browser; nothing goes to the server.
//
// The file: {"format": "teamkracht-zelfcheck", "version": 1,
//            "checks": [{"date": "YYYY-MM-DD", "answers": {"<quality key>": [a, a, a, a]}}]}
// with per quality the answer to each of its statements (a scale key, or null: no answer).

export const FORMAT = "teamkracht-zelfcheck";
export const VERSION = 1;
export const MAX_BYTES = 1024 * 1024;
export const MAX_CHECKS = 100;
// No check is older than the self-check itself.
const FIRST_DAY = "2020-01-01";

/** A refusal: the key of one plain sentence (page strings) and what fills it in. */
export class FileProblem extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

/** The day of a Date as "YYYY-MM-DD", in the phone's own time zone. */
export function dayOf(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "YYYY-MM-DD" as a Date at noon (noon: no time zone turns it into another day). */
export function dateOf(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d, 12);
}

function isRealDay(value) {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return dayOf(dateOf(value)) === value; // no 31 February
}

/** The file for ``checks`` (oldest first), as text. */
export function fileText(checks) {
  return JSON.stringify({ format: FORMAT, version: VERSION, checks }, null, 1);
}

const shortText = (value) => String(value).slice(0, 40);

/**
 * The checks in a file's text, checked through and through, oldest first.
 * ``statements``: {quality key: [statement, ...]}; ``scaleKeys``: the answers there are;
 * ``today``: "YYYY-MM-DD". Anything wrong throws a FileProblem that says what.
 * ``kept``: the checks this phone keeps itself. A quality or an answer the self-check no
 * longer has is left out of those instead of refused, so that a later self-check never
 * loses a member's history.
 */
export function readChecks(text, { statements, scaleKeys, today, kept = false }) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FileProblem("file_not_ours");
  }
  if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== FORMAT) {
    throw new FileProblem("file_not_ours");
  }
  if (data.version !== VERSION) throw new FileProblem("file_version", { version: VERSION });
  const entries = data.checks;
  if (!Array.isArray(entries)) throw new FileProblem("file_wrong", { field: "checks" });
  if (!entries.length) throw new FileProblem("file_empty");
  if (entries.length > MAX_CHECKS) throw new FileProblem("file_too_many", { max: MAX_CHECKS });
  const answersKnown = new Set(scaleKeys);
  const days = new Set();
  const checks = entries.map((entry) => {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      throw new FileProblem("file_wrong", { field: "checks" });
    }
    const day = entry.date;
    if (!isRealDay(day) || day < FIRST_DAY || day > today) {
      throw new FileProblem("file_date", { date: shortText(day) });
    }
    if (days.has(day)) throw new FileProblem("file_same_day", { date: day });
    days.add(day);
    const given = entry.answers;
    if (!given || typeof given !== "object" || Array.isArray(given)) {
      throw new FileProblem("file_wrong", { field: "answers" });
    }
    const answers = {};
    for (const [key, list] of Object.entries(given)) {
      if (!Object.prototype.hasOwnProperty.call(statements, key)) {
        if (kept) continue;
        throw new FileProblem("file_quality", { key: shortText(key) });
      }
      if (!Array.isArray(list)) throw new FileProblem("file_wrong", { field: key });
      if (list.length > statements[key].length && !kept) {
        throw new FileProblem("file_statement", { key, n: statements[key].length });
      }
      const known = (answer) => answer === null || answersKnown.has(answer);
      const unknown = list.find((answer) => !known(answer));
      if (unknown !== undefined && !kept) {
        throw new FileProblem("file_answer", { value: shortText(JSON.stringify(unknown)) });
      }
      answers[key] = statements[key].map((_, i) => (known(list[i] ?? null) ? list[i] ?? null : null));
    }
    return { date: day, answers };
  });
  return checks.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The checks of ``kept`` and of ``loaded`` together, one per day (a loaded one replaces
 * the one kept for its day), oldest first. */
export function merged(kept, loaded) {
  const byDay = new Map(kept.map((c) => [c.date, c]));
  for (const check of loaded) byDay.set(check.date, check);
  return [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}
