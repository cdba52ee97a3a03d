// Hash routes (#/line): the server only has to serve index.html at `/`, and deep links survive a reload.

/** The route named by a location hash: "#/line" → "line", "" → "". */
export function routeFromHash(hash: string): string {
  return hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
}

export function hrefFor(route: string): string {
  return `#/${route}`;
}

/** The segments after the route: "#/orders/ord_1" → ["ord_1"]. */
export function routeArgs(hash: string): string[] {
  return hash
    .replace(/^#\/?/, "")
    .split("?")[0]!
    .split("/")
    .slice(1)
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
}
