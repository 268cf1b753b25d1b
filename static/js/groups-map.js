/* The map of the groups (Leaflet). Data comes from the page: the groups and the origin in the
 * JSON script #groups-map-data; marker images, tile server and labels in data- attributes of
 * #groups-map. Without a tile server the map shows the markers and a scale only, so that the
 * page fetches nothing from outside. */
(function () {
  "use strict";

  var element = document.getElementById("groups-map");
  var source = document.getElementById("groups-map-data");
  if (!element || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var groups = data.groups || [];
  if (!groups.length && !data.origin) {
    element.hidden = true;
    return;
  }

  // Hashed static files: Leaflet cannot guess its images' URLs, the template gives them.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: element.dataset.iconUrl,
    iconRetinaUrl: element.dataset.iconRetinaUrl,
    shadowUrl: element.dataset.shadowUrl,
  });

  var map = L.map(element, { scrollWheelZoom: false });
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 18,
      attribution: element.dataset.tileAttribution || "",
    }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);

  var points = [];
  groups.forEach(function (group) {
    var point = [group.lat, group.lon];
    points.push(point);
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = group.url;
    link.textContent = group.name;
    var place = document.createElement("div");
    place.textContent = group.place;
    popup.appendChild(link);
    popup.appendChild(place);
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
    map.setView(points[0], 12);
  } else {
    map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 13 });
  }
})();
