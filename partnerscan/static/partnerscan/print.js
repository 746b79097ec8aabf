// A print button where there is one: hidden until this runs, so without scripts nobody sees it.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
