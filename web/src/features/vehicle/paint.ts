/** A paint colour as drawn: the fill, an ink readable on it (contrast ≥ 4.5:1), and a human name. */
export interface Swatch {
  readonly fill: string;
  readonly ink: string;
  readonly label: string;
}

const DARK_INK = "#111827";
const LIGHT_INK = "#ffffff";

// Common paint names (and their usual variants) to a representative swatch.
const NAMED: readonly [RegExp, string][] = [
  [/white|blanc|weiss|weiß|pearl|ivory|snow|glacier/, "#f4f5f2"],
  [/black|noir|schwarz|obsidian|onyx|ebony/, "#1c1d21"],
  [/silver|argent|moon|titan|platinum/, "#b9bec4"],
  [/grey|gray|graphite|anthracite|gris|slate|gunmetal/, "#6b7280"],
  [/red|rouge|rot|signal|crimson|ruby|scarlet|cherry/, "#c62828"],
  [/orange|copper|sunset/, "#e8731a"],
  [/yellow|gold|jaune|gelb|lemon|amber/, "#f2c318"],
  [/green|vert|grün|gruen|racing|emerald|olive|forest/, "#1f6f43"],
  [/blue|bleu|blau|navy|ocean|sky|azure|cobalt|marine|deep/, "#1d4f91"],
  [/purple|violet|plum|lilac/, "#6b3fa0"],
  [/brown|bronze|mocha|chocolate|marron/, "#7a4a2a"],
  [/beige|sand|cream|champagne|desert/, "#d8c9a6"],
  [/pink|rose/, "#e07a9b"],
];

// For colour codes the server names without a known word (e.g. "c12"): a fixed, distinguishable palette.
const PALETTE = ["#2f6db3", "#c24a20", "#2f7a42", "#8e44ad", "#c9a227", "#127378", "#a83253", "#5b6470", "#e08e2b", "#4a3f9b", "#86a63a", "#b3541e"];

/** Relative luminance (WCAG 2) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

const cache = new Map<string, Swatch>();

/** The swatch of a paint colour name ("red", "Signal red", "c12", "#aabbcc"). */
export function swatchFor(colour: string): Swatch {
  const hit = cache.get(colour);
  if (hit) return hit;
  const key = colour.toLowerCase();
  const fill = /^#[0-9a-f]{6}$/.test(key) ? key : (NAMED.find(([re]) => re.test(key))?.[1] ?? PALETTE[hash(key) % PALETTE.length]!);
  const ink = contrast(fill, DARK_INK) >= contrast(fill, LIGHT_INK) ? DARK_INK : LIGHT_INK;
  const swatch = { fill, ink, label: colour.replace(/[_-]+/g, " ") };
  cache.set(colour, swatch);
  return swatch;
}
