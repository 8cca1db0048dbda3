// Building elements without HTML strings: user and page text only ever goes in as text.
// The live pages get it through live.js; the self-check imports it from here alone, so it
// never loads the socket client.

/** Build an element. attrs: properties or attributes; children: nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * A quality's name as a page shows it: with the soft hyphens the server put where the name
 * may break (from a Dutch or English dictionary). Only for the visible text: labels, what is
 * compared, read aloud or copied use ``c.name``.
 */
export const shownName = (c) => c.hyphenated ?? c.name;
