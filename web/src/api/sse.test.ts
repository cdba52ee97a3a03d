import { describe, expect, it } from "vitest";
import { createSseParser } from "./sse";

describe("SSE parser", () => {
  it("returns events as they complete, across chunk boundaries, skipping comments", () => {
    const parse = createSseParser();
    expect(parse("id: 1\nevent: order.placed\nda")).toEqual([]);
    expect(parse('ta: {"a":1}\n\n: keep-alive\n\nid: 2\r\nevent: order.scheduled\r\ndata: x\r\ndata: y\r\n\r\n')).toEqual([
      { id: "1", event: "order.placed", data: '{"a":1}' },
      { id: "2", event: "order.scheduled", data: "x\ny" },
    ]);
  });

  it("keeps the last id for events without one and defaults the type to message", () => {
    const parse = createSseParser();
    expect(parse("id: 7\ndata: a\n\ndata: b\n\n")).toEqual([
      { id: "7", event: "message", data: "a" },
      { id: "7", event: "message", data: "b" },
    ]);
  });
});
