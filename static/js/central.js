// "Liever niet centraal": before their round a member may choose, without giving a reason,
// not to have a round of their own, and change their mind until the round starts. Only the
// facilitator sees the choice.
import { h, t } from "./live.js";

/** The small card on the member's phone, or null once the choice can no longer change. */
export function centralChoice(s, send) {
  const choice = s.central_choice;
  if (!choice?.can_change) return null;
  const status = h("p", { class: "message", role: "status" });
  const act = async (central) => {
    const result = await send("central_choice", { central });
    if (!result.ok) {
      status.textContent = result.error;
      status.className = "message error";
    }
  };
  return h("section", { class: "card central-choice", "aria-labelledby": "central-title" },
    h("h3", { id: "central-title", text: t("central_title") }),
    choice.central
      ? [h("p", { text: t("central_text") }),
        h("button", { type: "button", class: "button", "data-key": "central-choice",
          onclick: () => act(false) }, t("central_decline"))]
      : [h("p", { text: t("central_declined") }),
        h("button", { type: "button", class: "button", "data-key": "central-choice",
          onclick: () => act(true) }, t("central_undo"))],
    status);
}
