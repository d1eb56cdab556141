// Draws an emergencies map (an event's, or the list's over the events it shows): the
// Vega-Lite spec is in a json_script element, the municipalities (with their affected sedes
// and response) and the sedes' points come from the element's data-src. No network
// beyond the site.
import { embed } from "./charts.js";

const element = document.getElementById("event-map");
const spec = JSON.parse(document.getElementById("event-map-spec").textContent);

async function draw() {
  const response = await fetch(element.dataset.src, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${element.dataset.src}: ${response.status}`);
  const data = await response.json();
  spec.datasets = { municipalities: data.municipalities, points: data.points };
  const result = await embed(element, spec, { renderer: "svg" });
  window.trayectoEventMap = result.view;
  element.dataset.drawn = String(data.municipalities.filter((f) => f.properties.sedes > 0).length);
  element.dataset.points = String(data.points.length);
}

draw().catch((error) => {
  element.textContent = error.message;
  element.dataset.error = "true";
});
