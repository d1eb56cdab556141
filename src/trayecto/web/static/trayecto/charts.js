// Options every chart on the site passes to vega-embed, so that charts draw under the strict
// Content-Security-Policy (config/csp.py): `ast` makes Vega interpret its expressions instead
// of compiling them with `new Function` (eval); `defaultStyle: false` and the tooltip's
// `disableDefaultStyle` stop vega-embed and vega-tooltip from injecting <style> elements
// (the few rules they need are in trayecto.css).
import "./vendor/vega-embed.js";

// Numbers in charts as in the tables: 181.557 and 93,60 on a Spanish page (es-CO), 181,557
// and 93.60 on an English one; the specs ask for "," grouping and the locale says with what.
const SPANISH_NUMBERS = { decimal: ",", thousands: ".", grouping: [3], currency: ["$", ""] };
const spanishPage = (document.documentElement.lang || "es").startsWith("es");

export const embedOptions = {
  actions: false,
  ast: true,
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
  ...(spanishPage ? { formatLocale: SPANISH_NUMBERS } : {}),
};

// Vega names a layer's group for screen readers after its items' descriptions; a layer with
// no items (no municipality in that class yet) would be an unnamed image to them (axe's
// svg-img-alt). Such groups take the chart's own text alternative, its container's aria-label.
function nameMarkGroups(marks, label) {
  for (const mark of marks || []) {
    if (mark.aria !== false && mark.description === undefined) mark.description = label;
    nameMarkGroups(mark.marks, label);
  }
}

export function embed(target, spec, options = {}) {
  const element = typeof target === "string" ? document.querySelector(target) : target;
  const label = element?.getAttribute("aria-label") || document.title;
  const patch = (vega) => {
    nameMarkGroups(vega.marks, label);
    return vega;
  };
  return window.vegaEmbed(target, spec, { ...embedOptions, patch, ...options });
}
