// The proposal form: show the provinces or the group list only when the chosen target needs it.
(function () {
  "use strict";
  const form = document.querySelector(".actions-proposal-form");
  if (!form) {
    return;
  }
  const blocks = {
    provinces: document.getElementById("div_id_provinces"),
    chosen: document.getElementById("div_id_chosen_groups"),
  };

  function update() {
    const checked = form.querySelector('input[name="target"]:checked');
    const target = checked ? checked.value : "all";
    if (blocks.provinces) {
      blocks.provinces.classList.toggle("d-none", target !== "provinces");
    }
    if (blocks.chosen) {
      blocks.chosen.classList.toggle("d-none", target !== "chosen");
    }
  }

  form.querySelectorAll('input[name="target"]').forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
