/* The group search form: suggestions of postal codes and communes while typing (from
 * /api/places/), and "Use my position", which fills the hidden lat/lon fields with the
 * browser's position (only when the visitor allows it) and sends the form. */
(function () {
  "use strict";

  var form = document.querySelector("form.groups-search");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("place-suggestions");
  var lat = form.querySelector("input[name=lat]");
  var lon = form.querySelector("input[name=lon]");
  var status = document.getElementById("position-status");
  var button = document.getElementById("use-my-position");

  // A new text search forgets a position sent before.
  form.addEventListener("submit", function (event) {
    if (event.submitter !== button && input.value.trim()) {
      lat.value = "";
      lon.value = "";
    }
    // Empty fields stay out of the address.
    [lat, lon].forEach(function (field) {
      field.disabled = !field.value;
    });
  });

  var timer = null;
  var last = "";
  if (input && list && window.fetch) {
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 2 || text === last) {
        return;
      }
      timer = window.setTimeout(function () {
        last = text;
        var url = form.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  if (button && "geolocation" in navigator) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      status.textContent = button.dataset.locating;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(5);
          lon.value = position.coords.longitude.toFixed(5);
          input.value = "";
          form.submit();
        },
        function () {
          status.textContent = button.dataset.denied;
          button.disabled = false;
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  }
})();
