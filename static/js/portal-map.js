/* What every Leaflet map of the portal sets up the same way (window.PortalMap).
 *
 * The map element carries, in data- attributes: the marker images (iconUrl, iconRetinaUrl,
 * shadowUrl: hashed static names, which Leaflet cannot guess from its own script's address),
 * the tile server (tileUrl, tileAttribution). Without a tile server the map shows its markers
 * and a scale only, so that the page fetches nothing from outside. */
(function () {
  "use strict";

  if (typeof L === "undefined") {
    return;
  }

  function create(element, options) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: element.dataset.iconUrl,
      iconRetinaUrl: element.dataset.iconRetinaUrl,
      shadowUrl: element.dataset.shadowUrl,
    });
    var map = L.map(element, Object.assign({ scrollWheelZoom: false }, options || {}));
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        maxZoom: 18,
        attribution: element.dataset.tileAttribution || "",
      }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  }

  /* Show every point: one point at street level, several within their bounds. */
  function fit(map, points, maxZoom) {
    if (!points.length) {
      return;
    }
    if (points.length === 1) {
      map.setView(points[0], 12);
    } else {
      map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: maxZoom || 13 });
    }
  }

  /* A popup's content built as elements, never as HTML text: names stay plain text. */
  function element(tag, text, href) {
    var node = document.createElement(tag);
    if (href) {
      node.href = href;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  window.PortalMap = { create: create, fit: fit, element: element };
})();
