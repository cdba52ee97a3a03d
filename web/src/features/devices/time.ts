/** "29 Nov, 06:10:04" in the browser's locale and zone (seconds matter on the device edge); the input when unreadable. */
export function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** Seconds since `atMs`, for "updated 3 s ago". */
export function agoSeconds(atMs: number, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - atMs) / 1000));
}
