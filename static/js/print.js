// Print buttons on the printable pages (no inline script: the CSP allows only our files).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
