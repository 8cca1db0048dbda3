// The projector: read-only, large type. It only listens; it has no actions to send.
import { boardContent, paginateSoon } from "./board.js";
import { hideWhenIdle } from "./idle.js";
import { connect, page, rebuild, t } from "./live.js";
import { slideKeys } from "./picture.js";
import { revealKeys } from "./reveal.js";

const board = document.getElementById("board");
let state = null;
const { send } = connect({ role: "screen", session: page.session, key: page.key }, (next) => {
  state = next;
  rebuild(board, boardContent(state));
  delete board.dataset.pages;
  delete board.dataset.fit;
  board.dataset.slide = state.slide ? `${state.slide.name}:${state.slide.step}` : "";
  paginateSoon(board);
});

// The projector's keyboard or a presenter remote turns the reveal's steps; one at a time.
let turning = false;
revealKeys(() => state, async (event, data) => {
  if (turning) return;
  turning = true;
  await send(event, data).finally(() => { turning = false; });
});
// A slide in parts (the duos, the team map) turns its parts with the same keys.
slideKeys(() => state, (event, data) => send(event, data));
window.addEventListener("resize", () => paginateSoon(board));

const fullscreen = document.getElementById("fullscreen");
function label() {
  fullscreen.textContent = document.fullscreenElement ? t("exit_fullscreen") : t("fullscreen");
}
fullscreen.addEventListener("click", async () => {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    // Some browsers refuse full screen; the page works the same without it.
  }
});
// In full screen the button goes: Esc leaves full screen, and the room sees nothing extra.
document.addEventListener("fullscreenchange", () => {
  label();
  fullscreen.hidden = Boolean(document.fullscreenElement) || !document.fullscreenEnabled;
});
if (!document.fullscreenEnabled) fullscreen.hidden = true;
hideWhenIdle(fullscreen);
