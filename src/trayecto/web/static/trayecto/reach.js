// Draws the reach page's bar chart (json_script spec) and its department map (spec fetched
// from the URL in #map's data-spec). A static file: the Content-Security-Policy allows only 'self'.
import { embed } from "./charts.js";

const spec = JSON.parse(document.getElementById("chart-spec").textContent);
if (spec.data.values.length) {
  embed("#chart", spec);
  const map = document.getElementById("map");
  fetch(map.dataset.spec, { credentials: "same-origin" }).then((r) => r.json()).then((mapSpec) => {
    if (mapSpec.data.values.length) { embed("#map", mapSpec); }
  });
}
