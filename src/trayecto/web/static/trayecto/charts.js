// Options every chart on the site passes to vega-embed, so that charts draw under the strict
// Content-Security-Policy (config/csp.py): `ast` makes Vega interpret its expressions instead
// of compiling them with `new Function` (eval); `defaultStyle: false` and the tooltip's
// `disableDefaultStyle` stop vega-embed and vega-tooltip from injecting <style> elements
// (the few rules they need are in trayecto.css).
import "./vendor/vega-embed.js";

export const embedOptions = {
  actions: false,
  ast: true,
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
};

export function embed(target, spec, options = {}) {
  return window.vegaEmbed(target, spec, { ...embedOptions, ...options });
}
