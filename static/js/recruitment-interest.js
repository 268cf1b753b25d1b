// The registration of interest: show only the field that matches the chosen kind
// (coordination, country or theme). Without JavaScript every field stays visible.
(function () {
  "use strict";
  var form = document.querySelector(".interest-form");
  if (!form) {
    return;
  }
  var fields = {
    coordination: form.querySelector("#div_id_coordination"),
    country: form.querySelector("#div_id_country"),
    theme: form.querySelector("#div_id_theme"),
  };

  function update() {
    var checked = form.querySelector("input[name='kind']:checked");
    var kind = checked ? checked.value : "";
    Object.keys(fields).forEach(function (name) {
      var wrapper = fields[name];
      if (wrapper) {
        wrapper.classList.toggle("is-hidden-by-kind", kind !== "" && kind !== name);
      }
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "kind") {
      update();
    }
  });
  update();
})();
