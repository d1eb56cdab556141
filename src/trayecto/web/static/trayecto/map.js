// Draws a map whose Vega-Lite spec is in a json_script element and whose data (GeoJSON
// features by dataset name) comes from the element's data-src URL. No network beyond the site.
import { embed } from "./charts.js";

const element = document.getElementById("priority-map");
const spec = JSON.parse(document.getElementById("priority-map-spec").textContent);

async function draw() {
  const response = await fetch(element.dataset.src, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${element.dataset.src}: ${response.status}`);
  const data = await response.json();
  spec.datasets = { municipalities: data.municipalities, context: data.context };
  const result = await embed(element, spec, { renderer: "svg" });
  window.trayectoMap = result.view; // tests and the console read the drawn data from here
  element.dataset.drawn = String(data.municipalities.length);
}

draw().catch((error) => {
  element.textContent = error.message;
  element.dataset.error = "true";
});
