import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface InitialAssets {
  /** Files the browser loads before the first screen: the entry script, its modulepreloads and stylesheets. */
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly gzip: number }[];
  readonly jsGzip: number;
  readonly cssGzip: number;
}

/** Measures what web/dist/index.html loads up front (lazy chunks are not counted: they are not initial). */
export function initialAssets(distDir: string): InitialAssets {
  const html = readFileSync(join(distDir, "index.html"), "utf8");
  const refs = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]+href="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+href="([^"]+)"[^>]+rel="(?:modulepreload|stylesheet)"/g),
  ].map((m) => m[1]!);
  const local = [...new Set(refs)].filter((r) => r.startsWith("/"));
  const files = local.map((ref) => {
    const body = readFileSync(join(distDir, ref));
    return { path: ref, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  const sum = (ext: string): number => files.filter((f) => f.path.endsWith(ext)).reduce((n, f) => n + f.gzip, 0);
  return { files, jsGzip: sum(".js"), cssGzip: sum(".css") };
}
