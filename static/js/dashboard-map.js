/* The dashboard's map: local groups (markers) and coordinators (yellow circles, at their
 * postal code's commune; first name and coordination only). Data fetched from the address in
 * the map's data-source (dashboard:map_data), shown on the map of Belgium; the set-up shared
 * with the other maps (the offline base map, tiles when configured) is in portal-map.js. */
(function () {
  "use strict";

  var element = document.getElementById("dashboard-map");
  if (!element || !element.dataset.source || !window.PortalMap) {
    return;
  }
  fetch(element.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      element.hidden = true;
    });

  function draw(data) {
    var groups = data.groups || [];
    var coordinators = data.coordinators || [];
    if (!groups.length && !coordinators.length) {
      element.hidden = true;
      return;
    }
    var make = window.PortalMap.element;
    var map = window.PortalMap.create(element);
    var points = [];
    // Coordinators often live in a commune that has a group: their circles go above the markers.
    map.createPane("coordinators").style.zIndex = 650;

    groups.forEach(function (group) {
      var point = [group.lat, group.lon];
      points.push(point);
      var popup = make("div");
      popup.appendChild(make("a", group.name, group.url));
      popup.appendChild(make("div", group.place));
      if (group.missing.length) {
        popup.appendChild(make("strong", group.missing.join(", ")));
      }
      L.marker(point, { title: group.name, alt: group.name }).bindPopup(popup).addTo(map);
    });

    coordinators.forEach(function (place) {
      var point = [place.lat, place.lon];
      points.push(point);
      var popup = make("div");
      popup.appendChild(make("strong", element.dataset.coordinatorsLabel));
      var list = make("ul");
      place.people.forEach(function (person) {
        list.appendChild(make("li", person.name + " – " + person.coordination));
      });
      popup.appendChild(list);
      L.circleMarker(point, {
        pane: "coordinators",
        radius: 7,
        color: "#1d1d1b",
        weight: 2,
        fillColor: "#ffdd00",
        fillOpacity: 1,
      })
        .bindPopup(popup)
        .addTo(map);
    });

    window.PortalMap.showBelgium(map, points);
  }
})();
