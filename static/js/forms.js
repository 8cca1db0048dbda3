// Plain forms (start, join): a second tap while the first is on its way would create a
// second session or a second member. Block the repeat; the page changes when it is done.
for (const form of document.querySelectorAll("form[data-once]")) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.querySelector("[type=submit]")?.setAttribute("aria-disabled", "true");
  });
}

// Back from the next page (the browser may keep this one in memory): allow sending again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-once]")) {
    delete form.dataset.sent;
    form.querySelector("[type=submit]")?.removeAttribute("aria-disabled");
  }
});
