/* The staff page of the widgets: a button copies the snippet of its text area. */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!area) {
        return;
      }
      function done(message) {
        if (status) {
          status.textContent = message;
        }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(
          function () { done(button.getAttribute("data-copied")); },
          function () { area.select(); done(button.getAttribute("data-select")); }
        );
      } else {
        area.select();
        done(button.getAttribute("data-select"));
      }
    });
  });
})();
