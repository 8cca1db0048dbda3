// What a page shows after a message from the server. Pure (no DOM, no imports), so the
// Socket.IO tests run this very file with Node to know what a phone shows (tests/helpers.py).

/**
 * A phone's small "progress" message merged into the view it shows: only when it is newer
 * and about the same step and round (then only the counts changed). Anything else means a
 * whole snapshot is on its way; until then the page keeps what it has (null: nothing to do).
 */
export function withProgress(current, progress) {
  if (!current || progress.version <= current.version) return null;
  const mine = current.round ?? null;
  const theirs = progress.round ?? null;
  if (progress.phase !== current.phase || (mine === null) !== (theirs === null)) return null;
  if (mine && (mine.id !== theirs.id || mine.state !== theirs.state)) return null;
  return { ...current, version: progress.version, round: mine && { ...mine, ...theirs } };
}

/**
 * The view to show after one message ("state": a whole snapshot, "progress": the counts),
 * given the view shown now (null: none yet, or none since a reconnect); null: keep it.
 * A snapshot older than the view shown is ignored.
 */
export function afterMessage(current, event, data) {
  if (event === "state") return current && data.version < current.version ? null : data;
  if (event === "progress") return withProgress(current, data);
  return null;
}
