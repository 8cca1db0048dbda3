// Buttons on the projector (full screen, leave presentation mode) are for whoever has the
// mouse: they fade after a few idle seconds and come back when the mouse moves or the
// keyboard reaches them.
const IDLE_MS = 3000;
const watched = new Set();
let timer = null;

function wake() {
  for (const el of watched) el.classList.remove("idle");
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    for (const el of watched) if (!el.matches(":focus-visible")) el.classList.add("idle");
  }, IDLE_MS);
}

export function hideWhenIdle(el) {
  watched.add(el);
  el.addEventListener("blur", wake);
  wake();
}

for (const type of ["mousemove", "pointerdown", "touchstart"]) {
  document.addEventListener(type, wake, { passive: true });
}
// Tab brings them back for keyboard users; the arrow keys of a presenter remote do not.
document.addEventListener("keydown", (event) => { if (event.key === "Tab") wake(); });
