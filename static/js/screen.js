// The projector: read-only, large type. It only listens; it has no actions to send.
import { boardContent, paginateSoon } from "./board.js";
import { hideWhenIdle } from "./idle.js";
import { connect, page, rebuild, t } from "./live.js";

const board = document.getElementById("board");
connect({ role: "screen", session: page.session, key: page.key }, (state) => {
  rebuild(board, boardContent(state));
  delete board.dataset.pages;
  paginateSoon(board);
});
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
