// Draws the trajectory page's charts (transitions by level, the cohort's survival) from their
// json_script specs. A static file, not an inline script: the Content-Security-Policy allows only 'self'.
import { embed } from "./charts.js";

function draw(elementId, specId) {
  const spec = document.getElementById(specId);
  if (!spec) return;
  embed(`#${elementId}`, JSON.parse(spec.textContent), { renderer: "svg" })
    .then(() => { document.getElementById(elementId).dataset.rendered = "yes"; });
}

draw("flows-chart", "flows-spec");
draw("survival-chart", "survival-spec");
