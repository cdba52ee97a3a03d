import type { StreamEvent } from "./types";

/**
 * Incremental Server-Sent Events parser (the text/event-stream format of the HTML standard):
 * feed it chunks as they arrive, it returns the events completed so far. Comments (": ping") are skipped.
 */
export function createSseParser(): (chunk: string) => StreamEvent[] {
  let buffer = "";
  let id: string | null = null;
  let event = "";
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const out: StreamEvent[] = [];
    let nl: number;
    while ((nl = buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
      if (line === "") {
        if (data.length > 0) out.push({ id, event: event || "message", data: data.join("\n") });
        event = "";
        data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") data.push(value);
      else if (field === "event") event = value;
      else if (field === "id" && !value.includes("\0")) id = value;
    }
    return out;
  };
}
