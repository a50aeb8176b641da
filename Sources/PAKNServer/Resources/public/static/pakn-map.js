// The maps' progressive enhancement (issue 13). Every page works without it: the maps are drawn on the server as
// SVG with their table, and the form takes coordinates typed by hand. With scripts on, this file
//  - adds "Dùng vị trí hiện tại" (the phone's location) to the public form's coordinates;
//  - when the site has a tile server (PAKN_MAP_TILES; #map-settings is then on the page and Leaflet is loaded):
//    draws the points of #map-points on tiles above the SVG, and lets a citizen drop a pin on the form's map,
//    which fills the latitude and longitude fields (and moves when they are typed).
// No data leaves the page but the tile requests; the form sends the coordinates as typed fields.
(function () {
  "use strict";
  // The page's language (issue 14): these few words are the script's own; everything else comes from the page.
  var english = document.documentElement.lang === "en";
  function say(vietnamese, inEnglish) { return english ? inEnglish : vietnamese; }

  var settings = document.getElementById("map-settings");
  var tiles = settings && window.L ? settings.getAttribute("data-tiles") : null;

  function tileLayer() {
    return window.L.tileLayer(tiles, { maxZoom: 18, attribution: settings.getAttribute("data-attribution") });
  }

  function centre() {
    return [parseFloat(settings.getAttribute("data-lat")), parseFloat(settings.getAttribute("data-lon"))];
  }

  function escapeText(value) {
    var div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  // Points: [{label, lat, lon, text, colour, size}] in a JSON data island, drawn as circles with their text.
  function drawPoints() {
    var island = document.getElementById("map-points");
    var slot = document.getElementById("tile-map-slot");
    if (!island || !slot || !tiles) return;
    var points;
    try { points = JSON.parse(island.textContent); } catch (e) { return; }
    if (!points.length) return;
    slot.classList.add("tile-map");
    slot.setAttribute("role", "region");
    slot.setAttribute("aria-label", slot.getAttribute("data-label") || say("Bản đồ", "Map"));
    var map = window.L.map(slot);
    tileLayer().addTo(map);
    var bounds = [];
    var largest = Math.max.apply(null, points.map(function (p) { return p.size || 1; }));
    points.forEach(function (p) {
      var radius = 6 + 18 * Math.sqrt((p.size || 1) / largest);
      window.L.circleMarker([p.lat, p.lon], {
        radius: radius, color: "#374151", weight: 1, fillColor: p.colour || "#a51c1c", fillOpacity: 0.6
      }).bindPopup("<strong>" + escapeText(p.label) + "</strong><br>" + escapeText(p.text)).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 12); } else { map.fitBounds(bounds, { padding: [24, 24] }); }
  }

  function formatDegrees(value) { return (Math.round(value * 1e6) / 1e6).toFixed(6); }

  // The form's coordinates: a "my location" button, and a pin on tiles when there are some.
  function enhanceForm() {
    var latitude = document.getElementById("latitude");
    var longitude = document.getElementById("longitude");
    var slot = document.getElementById("pin-map-slot");
    if (!latitude || !longitude || !slot) return;
    var status = document.createElement("p");
    status.className = "muted";
    status.id = "pin-status";
    status.setAttribute("aria-live", "polite");

    var map = null, marker = null;
    function place(lat, lon, moveView) {
      if (!map) return;
      if (marker) { marker.setLatLng([lat, lon]); } else {
        marker = window.L.marker([lat, lon], { draggable: true, keyboard: true, title: say("Vị trí phản ánh", "Location of the report") }).addTo(map);
        marker.on("dragend", function () { var at = marker.getLatLng(); fill(at.lat, at.lng, false); });
      }
      if (moveView) map.setView([lat, lon], Math.max(map.getZoom(), 15));
    }
    function fill(lat, lon, moveView) {
      latitude.value = formatDegrees(lat);
      longitude.value = formatDegrees(lon);
      status.textContent = say("Đã chọn vị trí ", "Location chosen: ") + latitude.value + ", " + longitude.value + ".";
      place(lat, lon, moveView);
    }

    if (tiles) {
      var holder = document.createElement("div");
      holder.id = "pin-map";
      holder.className = "tile-map";
      holder.setAttribute("role", "region");
      holder.setAttribute("aria-label", say("Bản đồ chọn vị trí: chạm vào bản đồ để đặt ghim", "Map to choose the location: tap the map to drop a pin"));
      slot.appendChild(holder);
      map = window.L.map(holder).setView(centre(), parseInt(settings.getAttribute("data-zoom"), 10) || 8);
      tileLayer().addTo(map);
      map.on("click", function (event) { fill(event.latlng.lat, event.latlng.lng, false); });
      var typed = function () {
        var lat = parseFloat(latitude.value), lon = parseFloat(longitude.value);
        if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) place(lat, lon, true);
      };
      latitude.addEventListener("change", typed);
      longitude.addEventListener("change", typed);
      typed();
    }

    if (navigator.geolocation) {
      var button = document.createElement("button");
      button.type = "button";
      button.id = "use-my-location";
      button.className = "secondary";
      button.textContent = say("Dùng vị trí hiện tại của tôi", "Use my current location");
      button.addEventListener("click", function () {
        status.textContent = say("Đang lấy vị trí…", "Finding your location…");
        navigator.geolocation.getCurrentPosition(function (position) {
          fill(position.coords.latitude, position.coords.longitude, true);
        }, function () {
          status.textContent = say("Không lấy được vị trí. Bạn có thể chạm vào bản đồ hoặc nhập tọa độ.",
            "Your location could not be found. You can tap the map or type the coordinates.");
        }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
      });
      slot.appendChild(button);
    }
    slot.appendChild(status);
  }

  drawPoints();
  enhanceForm();
})();
