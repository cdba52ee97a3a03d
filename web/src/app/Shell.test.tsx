import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ApiClient, Role } from "../api";
import { me } from "../test-support/demo-site";
import { offlineApi } from "../test-support/offline-api";
import { App } from "./App";
import { initialState, type State } from "./store";
import { StoreProvider } from "./store-context";

const offline: ApiClient = offlineApi();

function render(state: State): string {
  return renderToString(
    <StoreProvider initial={state} api={offline}>
      <App />
    </StoreProvider>,
  );
}

const signedIn = (role: Role, route = ""): State => ({
  ...initialState(null, route),
  session: { status: "signed-in", token: "t", me: me(role) },
});

const navLabels = (html: string): string[] => [...html.matchAll(/data-area="([a-z]+)"/g)].map((m) => m[1]!);

describe("shell", () => {
  it("shows the login form with a labelled token field when signed out", () => {
    const html = render({ ...initialState(null, ""), loginMessage: { kind: "error", text: "This token was not accepted." } });
    expect(html).toMatch(/<label for="([^"]+)">API token<\/label><input id="\1"/);
    expect(html).toContain('role="alert"');
    expect(html).toContain("This token was not accepted.");
  });

  it.each<[Role, string[]]>([
    ["customer", ["configure", "orders"]],
    ["planner", ["plan", "line"]],
    ["operator", ["line", "station", "devices"]],
    ["engineer", ["line", "quality", "devices"]],
    ["quality", ["quality"]],
    ["service", ["service"]],
    ["admin", ["admin", "configure", "orders", "plan", "line", "station", "quality", "devices", "service"]],
    ["device", []],
  ])("shows the %s role its areas only", (role, areas) => {
    expect(navLabels(render(signedIn(role)))).toEqual(areas);
  });

  it("marks the current area and gives the page landmarks", () => {
    const html = render(signedIn("planner", "line"));
    expect(html).toContain('aria-current="page" data-area="line"');
    expect(html).toMatch(/<header class="banner"/);
    expect(html).toMatch(/<nav class="areas" aria-label="Areas"/);
    expect(html).toMatch(/<main id="main"/);
    expect(html).toContain("Loading the plant");
  });

  it("refuses an area the role may not open", () => {
    const html = render(signedIn("customer", "line"));
    expect(html).toContain("Line is not open to the customer role.");
    expect(html).not.toContain("Loading the plant");
  });

  it("links the admin to the API reference", () => {
    expect(render(signedIn("admin", "admin"))).toContain('href="/docs"');
  });
});
