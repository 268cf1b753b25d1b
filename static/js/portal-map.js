/* What every Leaflet map of the portal sets up the same way (window.PortalMap).
 *
 * The map element carries, in data- attributes: the marker images (iconUrl, iconRetinaUrl,
 * shadowUrl: hashed static names, which Leaflet cannot guess from its own script's address),
 * the offline base map (basemapUrl: static/geo/belgium.geo.json, see static/geo/README.md;
 * basemapAttribution) and the tile server (tileUrl, tileAttribution).
 *
 * The base map is always drawn: Belgium and its neighbours, the provinces and the names of the
 * main towns. Without a tile server (the default) it is the whole background, and the page
 * fetches nothing from outside; with one, it lies under the tiles, which cover it once they
 * load. A map is framed once the base map has arrived (or failed to): on Belgium, or on the
 * province of a single group. */
(function () {
  "use strict";

  if (typeof L === "undefined") {
    return;
  }

  // Belgium, for when the base map cannot be read.
  var BELGIUM = L.latLngBounds([49.49, 2.54], [51.51, 6.41]);
  var BELGIUM_ID = "056"; // Natural Earth's id (ISO 3166 numeric)
  // The zoom from which the towns of each rank are named: rank 1 (Brussels, the provincial
  // capitals, Charleroi) always, rank 2 (other large towns) from a few provinces' view, rank 3
  // (Brussels' communes, smaller towns) from one province's.
  var TOWNS_FROM_ZOOM = { 1: 0, 2: 8, 3: 9 };
  var LAND = "#fdfcf8";
  var STYLES = {
    country: function (feature) {
      return {
        stroke: false,
        fillColor: feature.properties.id === BELGIUM_ID ? LAND : "#e6e3da",
        fillOpacity: 1,
        className: "portal-map-country portal-map-country-" + feature.properties.id,
      };
    },
    province: function (feature) {
      return {
        stroke: false,
        fillColor: LAND,
        fillOpacity: 1,
        className: "portal-map-province portal-map-province-" + feature.properties.code,
      };
    },
    "province-border": function () {
      return {
        color: "#8d877b",
        weight: 1,
        opacity: 1,
        dashArray: "5 3",
        fill: false,
        className: "portal-map-province-border",
      };
    },
    "country-border": function () {
      return {
        color: "#66625a",
        weight: 1.5,
        opacity: 1,
        fill: false,
        className: "portal-map-country-border",
      };
    },
  };
  var ORDER = ["country", "province", "province-border", "country-border"];

  var requests = {};

  function load(url) {
    if (!url || !window.fetch) {
      return Promise.resolve(null);
    }
    // Several maps on one page read the file once.
    if (!requests[url]) {
      requests[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .catch(function () {
          return null;
        });
    }
    return requests[url];
  }

  function create(element, options) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: element.dataset.iconUrl,
      iconRetinaUrl: element.dataset.iconRetinaUrl,
      shadowUrl: element.dataset.shadowUrl,
    });
    var tiles = element.dataset.tileUrl;
    var map = L.map(
      element,
      Object.assign(
        // Without tiles, the base map ends a little beyond Belgium's neighbours' edges, and
        // its shapes are drawn to about a hundred metres: the zoom stays where they hold.
        {
          scrollWheelZoom: false,
          zoomSnap: 0.25,
          minZoom: tiles ? 0 : 6.5,
          maxZoom: tiles ? 18 : 12,
        },
        options || {}
      )
    );
    element.classList.add("portal-map");
    // Under the tiles (tilePane: 200), the shapes and then the town names.
    map.createPane("basemap").style.zIndex = 150;
    var names = map.createPane("basemapLabels");
    names.style.zIndex = 160;
    // The names give context to the eye; the list beside each map says the same in words.
    names.setAttribute("aria-hidden", "true");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: element.dataset.tileAttribution || "",
      }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    map.portalBasemap = load(element.dataset.basemapUrl).then(function (data) {
      return data ? draw(map, data, element.dataset.basemapAttribution || "") : null;
    });
    return map;
  }

  function draw(map, data, attribution) {
    var byKind = {};
    var towns = [];
    data.features.forEach(function (feature) {
      var kind = feature.properties.kind;
      if (kind === "town") {
        towns.push(feature);
      } else {
        (byKind[kind] = byKind[kind] || []).push(feature);
      }
    });
    ORDER.forEach(function (kind, index) {
      if (!byKind[kind]) {
        return;
      }
      L.geoJSON(byKind[kind], {
        pane: "basemap",
        interactive: false,
        style: STYLES[kind],
        attribution: index === 0 ? attribution : undefined,
      }).addTo(map);
    });

    var labels = towns
      .sort(function (a, b) {
        return a.properties.rank - b.properties.rank;
      })
      .map(function (feature) {
        var name = document.createElement("span");
        name.className = "portal-map-town-name";
        name.textContent = feature.properties.name;
        var point = feature.geometry.coordinates;
        var label = L.marker([point[1], point[0]], {
          pane: "basemapLabels",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({
            className: "portal-map-town portal-map-town-rank-" + feature.properties.rank,
            html: name,
            iconSize: null,
          }),
        }).addTo(map);
        label.rank = feature.properties.rank;
        return label;
      });
    map.on("zoomend resize", function () {
      declutter(map, labels);
    });
    map.whenReady(function () {
      declutter(map, labels);
    });

    var belgium = null;
    var provinces = [];
    (byKind.country || []).forEach(function (feature) {
      if (feature.properties.id === BELGIUM_ID) {
        belgium = L.geoJSON(feature).getBounds();
      }
    });
    (byKind.province || []).forEach(function (feature) {
      provinces.push({
        code: feature.properties.code,
        geometry: feature.geometry,
        bounds: L.geoJSON(feature).getBounds(),
      });
    });
    return { belgium: belgium || BELGIUM, provinces: provinces };
  }

  /* Town names never cover each other nor what the page shows on the map (its markers and
   * circles, the zoom buttons, the scale and the credits). The first come (rank 1) choose
   * first; each name tries the four corners around its town's dot, below and to the right
   * first (a marker's pin stands above its point), and is hidden at this zoom when none is
   * free within the map. */
  var PLACES = [
    "",
    "portal-map-town-left",
    "portal-map-town-above",
    "portal-map-town-above portal-map-town-left",
  ];
  var PLACE_CLASSES = ["portal-map-town-left", "portal-map-town-above"];

  function declutter(map, labels) {
    var marks = [];
    var names = [];
    var shown = map
      .getContainer()
      .querySelectorAll(
        ".leaflet-marker-pane .leaflet-marker-icon, path.leaflet-interactive, .leaflet-control"
      );
    Array.prototype.forEach.call(shown, function (mark) {
      marks.push(mark.getBoundingClientRect());
    });
    var frame = map.getContainer().getBoundingClientRect();
    var zoom = map.getZoom();
    labels.forEach(function (label) {
      var element = label.getElement();
      if (!element || !element.firstChild) {
        return;
      }
      element.style.display = "";
      // The town's dot (the icon is an empty box on the point, the dot is drawn around it): it
      // may lie under a marker of the same place, not under another town's name.
      var point = element.getBoundingClientRect();
      var dot = {
        left: point.left - 4,
        right: point.left + 4,
        top: point.top - 4,
        bottom: point.top + 4,
      };
      var free;
      if (zoom >= (TOWNS_FROM_ZOOM[label.rank] || 0) && !names.some(overlaps.bind(null, dot))) {
        free = PLACES.find(function (place) {
          PLACE_CLASSES.forEach(function (name) {
            element.classList.toggle(name, place.indexOf(name) >= 0);
          });
          var box = element.firstChild.getBoundingClientRect();
          return within(box, frame) && !names.concat(marks).some(overlaps.bind(null, box));
        });
      }
      if (free === undefined) {
        element.style.display = "none";
      } else {
        names.push(dot, element.firstChild.getBoundingClientRect());
      }
    });
  }

  // A name cut by the map's edge reads as another word: it must fit whole.
  function within(box, frame) {
    return (
      box.left >= frame.left &&
      box.right <= frame.right &&
      box.top >= frame.top &&
      box.bottom <= frame.bottom
    );
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /* Belgium, and every point (a position searched from abroad stays in view). */
  function showBelgium(map, points) {
    return map.portalBasemap.then(function (basemap) {
      var belgium = basemap ? basemap.belgium : BELGIUM;
      var bounds = L.latLngBounds(belgium.getSouthWest(), belgium.getNorthEast());
      points.forEach(function (point) {
        bounds.extend(point);
      });
      map.fitBounds(bounds, { padding: [12, 12] });
      return map;
    });
  }

  /* One place in context: the province (or the Brussels region) around it. */
  function showProvinceOf(map, point) {
    return map.portalBasemap.then(function (basemap) {
      var province = basemap ? provinceAt(basemap.provinces, point) : null;
      if (province) {
        var bounds = L.latLngBounds(province.bounds.getSouthWest(), province.bounds.getNorthEast());
        map.fitBounds(bounds.extend(point), { padding: [12, 12], maxZoom: 10.5 });
      } else {
        map.setView(point, 9.5);
      }
      return map;
    });
  }

  function provinceAt(provinces, point) {
    var latlng = L.latLng(point);
    var found = null;
    provinces.forEach(function (province) {
      if (!found && inGeometry(latlng.lng, latlng.lat, province.geometry)) {
        found = province;
      }
    });
    if (found) {
      return found;
    }
    // A commune's point just outside its simplified province: the nearest province.
    var best = Infinity;
    provinces.forEach(function (province) {
      var distance = province.bounds.getCenter().distanceTo(latlng);
      if (province.bounds.pad(0.05).contains(latlng) && distance < best) {
        best = distance;
        found = province;
      }
    });
    return found;
  }

  function inGeometry(x, y, geometry) {
    var polygons = [];
    if (geometry.type === "Polygon") {
      polygons = [geometry.coordinates];
    } else if (geometry.type === "MultiPolygon") {
      polygons = geometry.coordinates;
    }
    return polygons.some(function (rings) {
      if (!inRing(x, y, rings[0])) {
        return false;
      }
      for (var i = 1; i < rings.length; i++) {
        if (inRing(x, y, rings[i])) {
          return false;
        }
      }
      return true;
    });
  }

  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0];
      var yi = ring[i][1];
      var xj = ring[j][0];
      var yj = ring[j][1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
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

  window.PortalMap = {
    create: create,
    showBelgium: showBelgium,
    showProvinceOf: showProvinceOf,
    element: element,
  };
})();
