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
  return {
    ...current,
    version: progress.version,
    round: mine && { ...mine, ...theirs },
    whole_version: current.whole_version ?? current.version, // of the last whole snapshot
    counted: progress, // the counts now shown on it
  };
}

/**
 * The view to show after one message ("state": a whole snapshot, "progress": the counts),
 * given the view shown now (null: none yet, or none since a reconnect); null: keep it.
 * A snapshot older than the last whole snapshot shown is ignored. One between that and the
 * counts on it is still news (a change whose message was lost, sent again after the message
 * queue was back, while newer counts went on arriving): it is shown with the newer counts
 * put back on it, so the page shows no older count and no older version than before.
 */
export function afterMessage(current, event, data) {
  if (event === "state") {
    if (!current) return data;
    if (data.version < (current.whole_version ?? current.version)) return null;
    const counted = current.counted;
    if (counted && counted.version > data.version) return withProgress(data, counted) ?? data;
    return data;
  }
  if (event === "progress") return withProgress(current, data);
  return null;
}
