// One statement of the self-check with its four answers (very true … not true), used by
// the standalone self-check and by the development step on a member's phone.
import { h } from "./dom.js";

/**
 * A fieldset: the statement is the legend, the answers are radio buttons.
 * scale: [{key, label, fits}]; onChange(key) is called when the answer changes.
 */
export function ratingGroup({ id, text, scale, value = null, onChange = () => {} }) {
  return h("fieldset", { class: "statement", id },
    h("legend", { text }),
    h("div", { class: "scale" }, scale.map((answer) => {
      const input = h("input", { type: "radio", name: id, value: answer.key, id: `${id}-${answer.key}` });
      input.checked = value === answer.key;
      input.addEventListener("change", () => { if (input.checked) onChange(answer.key); });
      return h("label", { class: "choice scale-option", for: `${id}-${answer.key}` },
        input, h("span", { text: answer.label }));
    })));
}

/** The statements answered with a learning-point answer ("a bit true", "not true"). */
export function learningPoints(texts, ratings, scale) {
  const learn = new Set(scale.filter((a) => !a.fits).map((a) => a.key));
  return texts.filter((_, i) => learn.has(ratings[i]));
}
