// The questionnaire works without this file; it adds feedback to the autosave, so that an
// answer that did not reach the server is never lost silently, and a few small comforts.
(function () {
  "use strict";

  function statusOf(event) {
    var aspect = event.detail.elt && event.detail.elt.closest(".q-aspect");
    return aspect ? aspect.querySelector(".q-status") : null;
  }

  function show(status, state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var status = statusOf(event);
    if (status) show(status, "saving", status.dataset.saving);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var status = statusOf(event);
    if (status) status.dataset.state = event.detail.successful ? "saved" : "error";
  });

  // 400/409/410 answers are swapped in with the server's own message (see htmx-config);
  // anything else, and a request that never arrived, gets the generic warning.
  function failed(event) {
    var status = statusOf(event);
    var xhr = event.detail.xhr;
    var explained = xhr && [400, 409, 410].indexOf(xhr.status) >= 0;
    if (status && !explained) show(status, "error", status.dataset.error);
    else if (status) status.dataset.state = "error";
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);

  // A second click must not send a second submit; the server ignores it anyway.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-once]");
    if (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-select-all]").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.copy);
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.dataset.copied;
        });
      });
    });
  });
})();
