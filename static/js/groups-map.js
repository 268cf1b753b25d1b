/* The map of the groups (Leaflet). Data comes from the page: the groups and the origin in the
 * JSON script #groups-map-data; marker images, base map, tile server and labels in data-
 * attributes of #groups-map. The set-up shared with the other maps (the offline base map of
 * Belgium, tiles when configured) is in portal-map.js.
 *
 * One group alone (its own page) is shown in its province; the results of a search are shown
 * on the map of Belgium. */
(function () {
  "use strict";

  var element = document.getElementById("groups-map");
  var source = document.getElementById("groups-map-data");
  if (!element || !source || !window.PortalMap) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var groups = data.groups || [];
  if (!groups.length && !data.origin) {
    element.hidden = true;
    return;
  }

  var make = window.PortalMap.element;
  var map = window.PortalMap.create(element);
  var points = [];
  groups.forEach(function (group) {
    var point = [group.lat, group.lon];
    points.push(point);
    var popup = make("div");
    popup.appendChild(make("a", group.name, group.url));
    popup.appendChild(make("div", group.place));
    L.marker(point, { title: group.name, alt: group.name }).bindPopup(popup).addTo(map);
  });

  if (data.origin) {
    var origin = [data.origin.lat, data.origin.lon];
    points.push(origin);
    L.circleMarker(origin, { radius: 8, color: "#1d1d1b", fillColor: "#ffdd00", fillOpacity: 1 })
      .bindTooltip(element.dataset.originLabel + " : " + data.origin.label)
      .addTo(map);
  }

  if (points.length === 1) {
    window.PortalMap.showProvinceOf(map, points[0]);
  } else {
    window.PortalMap.showBelgium(map, points);
  }
})();
