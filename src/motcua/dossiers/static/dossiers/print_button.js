// The print view's "In" button. A file, not onclick="…": the Content-Security-Policy
// runs no inline script.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
