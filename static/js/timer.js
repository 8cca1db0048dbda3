// The round timer: a calm countdown that each page computes from the snapshot's start time
// and length. When it ends nothing closes; it only says the time is up. role="timer" is not
// read out by itself, so a screen reader is never told every second.
import { h, t } from "./live.js";

const ticking = new Map(); // slot -> interval of the countdown shown there

function clock(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A countdown element for ``timer`` ({seconds, started_at}), or null when there is none. */
export function countdown(slot, timer, { doneKey = "timer_done" } = {}) {
  window.clearInterval(ticking.get(slot));
  ticking.delete(slot);
  if (!timer) return null;
  const end = timer.started_at + timer.seconds * 1000;
  const el = h("p", { class: "timer", role: "timer" });
  const update = () => {
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    el.classList.toggle("done", left === 0);
    el.textContent = left ? t("timer_left", { time: clock(left) }) : t(doneKey);
    if (!left) window.clearInterval(ticking.get(slot));
  };
  update();
  ticking.set(slot, window.setInterval(update, 1000));
  return el;
}
