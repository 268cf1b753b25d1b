/* The map of an event's place (Leaflet, through the shared window.PortalMap): one marker at
 * the commune given in the JSON script #event-map-data; images, base map and tile server come
 * from the data- attributes of #event-map (static/js/portal-map.js). */
(function () {
  "use strict";

  var element = document.getElementById("event-map");
  var source = document.getElementById("event-map-data");
  if (!element || !source || typeof L === "undefined" || !window.PortalMap) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var point = [data.lat, data.lon];
  var map = window.PortalMap.create(element);
  L.marker(point, { title: data.label, alt: data.label })
    .bindPopup(window.PortalMap.element("strong", data.label))
    .addTo(map);
  if (window.PortalMap.showProvinceOf) {
    window.PortalMap.showProvinceOf(map, point);
  } else {
    map.setView(point, 12);
  }
})();
