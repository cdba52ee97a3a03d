import { describe, expect, it } from "vitest";
import type { DeadLetter } from "../../api";
import {
  addSample,
  edgeCounters,
  edgeWarnings,
  newestPage,
  niceMax,
  olderPage,
  printable,
  ratesOf,
  refreshWindow,
  sparkPath,
  truncated,
  type DeadLetterSource,
} from "./devices-model";

const dl = (seq: number): DeadLetter => ({ seq, msgKey: `m${seq}`, at: "2026-03-02T06:00:00.000Z", source: "mqtt:takt/v1/A1/C04/x", kind: "malformed", reason: "bad", payload: "{" });

/** The API over a store holding these seqs (after: oldest first; newest: order=desc below before), counting the calls. */
function store(seqs: number[]): DeadLetterSource & { calls: number; rows: DeadLetter[] } {
  const rows = seqs.map(dl);
  const checkLimit = (limit: number) => {
    expect(limit).toBeGreaterThanOrEqual(1);
    expect(limit).toBeLessThanOrEqual(1000);
  };
  const src = {
    calls: 0,
    rows,
    async after(after: number, limit: number): Promise<DeadLetter[]> {
      src.calls++;
      checkLimit(limit);
      return rows.filter((r) => r.seq > after).slice(0, limit);
    },
    async newest(before: number | undefined, limit: number): Promise<DeadLetter[]> {
      src.calls++;
      checkLimit(limit);
      return [...rows].reverse().filter((r) => before === undefined || r.seq < before).slice(0, limit);
    },
  };
  return src;
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqsOf = (items: readonly DeadLetter[]): number[] => items.map((d) => d.seq);

describe("the MQTT edge counters", () => {
  it("reads the counters from the API's stats, dead letters by kind and their total, missing ones as 0", () => {
    const c = edgeCounters({ connected: true, received: 12, stored: 9, duplicates: 1, pending: 0, lastLagMs: 3, deadLetters: { malformed: 2, unknown_device: 0, not_born: "x" } });
    expect(c).toEqual({ connected: true, received: 12, stored: 9, duplicates: 1, pending: 0, storeErrors: 0, lastLagMs: 3, maxLagMs: 0, deadLetters: { malformed: 2, unknown_device: 0, not_born: 0 }, deadLettersTotal: 2 });
    expect(edgeCounters({}).connected).toBe(false);
  });

  it("says in words what needs a look, nothing when all is well", () => {
    const ok = edgeCounters({ connected: true, received: 5, stored: 5, deadLetters: { malformed: 0 } });
    expect(edgeWarnings("embedded", ok)).toEqual([]);
    const bad = edgeCounters({ connected: false, storeErrors: 3, deadLetters: { malformed: 1, unknown_device: 1 } });
    expect(edgeWarnings("external", bad)).toEqual([
      "Not connected to the external broker: messages wait there until Takt is back.",
      "3 store errors: batches failed to commit and were retried.",
      "2 messages dead-lettered since the start.",
    ]);
    expect(edgeWarnings("off", null)[0]).toMatch(/MQTT ingest is off/);
  });
});

describe("rates from successive polls", () => {
  it("computes received and stored per second between polls, keeps the last ones, starts over when counters go down", () => {
    let s = addSample([], { atMs: 0, received: 0, stored: 0 });
    s = addSample(s, { atMs: 2000, received: 100, stored: 80 });
    s = addSample(s, { atMs: 4000, received: 100, stored: 100 });
    expect(ratesOf(s)).toEqual([
      { atMs: 2000, received: 50, stored: 40 },
      { atMs: 4000, received: 0, stored: 10 },
    ]);
    expect(addSample(s, { atMs: 6000, received: 3, stored: 3 })).toEqual([{ atMs: 6000, received: 3, stored: 3 }]);
    let many = s;
    for (let i = 3; i < 10; i++) many = addSample(many, { atMs: i * 2000, received: 100 * i, stored: 100 * i }, 4);
    expect(many.map((x) => x.atMs)).toEqual([12000, 14000, 16000, 18000]);
  });

  it("draws a sparkline between 0 at the bottom and a round maximum at the top", () => {
    expect([0, 1, 7, 10, 11, 180, 1000].map(niceMax)).toEqual([1, 1, 10, 10, 20, 200, 1000]);
    expect(sparkPath([0, 5, 10], 100, 20, 10)).toBe("M0.0 20.0 L50.0 10.0 L100.0 0.0");
    expect(sparkPath([20], 100, 20, 10)).toBe("M0.0 0.0");
    expect(sparkPath([], 100, 20, 10)).toBe("");
  });
});

describe("payloads shown safely", () => {
  it("shows control characters as escapes, keeps newlines and markup as text, cuts long ones", () => {
    expect(printable('{"a":1}\n<script>\u0000\u001b[31m\u0085')).toBe('{"a":1}\n<script>\\x00\\x1b[31m\\x85');
    expect(printable("\ufffd\u2028")).toBe("\\u{fffd}\\u{2028}");
    expect(truncated("abcdef", 4)).toEqual({ text: "abcd…", cut: true });
    expect(truncated("abc", 4)).toEqual({ text: "abc", cut: false });
  });
});

describe("dead letters newest first", () => {
  it("takes one request per page, whatever the seqs", async () => {
    for (const seqs of [[], [1], range(1, 5), range(1, 100_000), [3, 9, 10, 400, 401, 4000]]) {
      const page = store(seqs);
      const w = await newestPage(page, 25);
      expect(seqsOf(w.items)).toEqual([...seqs].reverse().slice(0, 25));
      expect(w.hasOlder).toBe(seqs.length > 25);
      expect(page.calls).toBe(1);
    }
  });

  it("shows the newest page, adds what comes since on top, pages down to the oldest", async () => {
    const page = store(range(1, 60));
    let w = await newestPage(page, 25);
    expect(seqsOf(w.items)).toEqual(range(36, 60).reverse());
    expect(w.hasOlder).toBe(true);
    page.rows.push(dl(61), dl(62));
    w = await refreshWindow(page, w, 25);
    expect(seqsOf(w.items).slice(0, 3)).toEqual([62, 61, 60]);
    expect(w.items).toHaveLength(27);
    const same = await refreshWindow(page, w, 25);
    expect(same).toBe(w);
    w = await olderPage(page, w, 25);
    expect(seqsOf(w.items).slice(27)).toEqual(range(11, 35).reverse());
    expect(w.hasOlder).toBe(true);
    w = await olderPage(page, w, 25);
    expect(seqsOf(w.items)).toEqual(range(1, 62).reverse());
    expect(w.hasOlder).toBe(false);
  });

  it("jumps to the newest page when a poll brings a full page or more", async () => {
    const page = store(range(1, 10));
    let w = await newestPage(page, 25);
    expect(w.hasOlder).toBe(false);
    for (const s of range(11, 100)) page.rows.push(dl(s));
    w = await refreshWindow(page, w, 25);
    expect(w.skipped).toBe(true);
    expect(seqsOf(w.items)).toEqual(range(76, 100).reverse());
  });

  it("pages down across gaps in seq without losing or repeating one", async () => {
    const seqs = [1, 2, 3, 200, 201, 202, 203, 204, 205, 900, 901];
    const page = store(seqs);
    let w = await newestPage(page, 3);
    expect(seqsOf(w.items)).toEqual([901, 900, 205]);
    const seen: number[] = [...seqsOf(w.items)];
    while (w.hasOlder) {
      const before = w.items.length;
      w = await olderPage(page, w, 3);
      seen.push(...seqsOf(w.items.slice(before)));
    }
    expect(seen).toEqual([...seqs].reverse());
  });

  it("an empty store shows nothing and has nothing older", async () => {
    const w = await newestPage(store([]), 25);
    expect(w).toEqual({ items: [], hasOlder: false, skipped: false });
    expect((await olderPage(store([]), w, 25)).hasOlder).toBe(false);
  });
});
