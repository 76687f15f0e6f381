// Overview map: show a district's figures beside the map when it gets focus or the pointer.
(function () {
  "use strict";
  var map = document.querySelector("[data-map]");
  var panel = document.getElementById("map-figures");
  if (!map || !panel) return;
  var title = panel.querySelector("[data-figures-title]");
  var list = panel.querySelector("[data-figures-list]");

  function show(link) {
    var template = document.getElementById("figures-" + link.getAttribute("data-ags"));
    if (!template) return;
    title.textContent = template.getAttribute("data-name");
    list.replaceChildren(template.content.cloneNode(true));
    map.querySelectorAll(".map-district.is-active").forEach(function (other) {
      other.classList.remove("is-active");
    });
    link.classList.add("is-active");
    panel.setAttribute("data-ags", link.getAttribute("data-ags"));
  }

  map.querySelectorAll(".map-district").forEach(function (link) {
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("mouseenter", function () { show(link); });
  });
})();
