import { describe, expect, it } from "vitest";
import { demoSite, me } from "../test-support/demo-site";
import { initialState, reduce, type Action, type State } from "./store";

const run = (state: State, ...actions: Action[]): State => actions.reduce(reduce, state);

describe("store", () => {
  it("starts anonymous, or checking a token kept from earlier in the tab", () => {
    expect(initialState(null, "").session.status).toBe("anonymous");
    expect(initialState("tok", "line").session).toEqual({ status: "checking", token: "tok", restoring: true });
  });

  it("signs in after the check and out again, forgetting the user's data", () => {
    const s = run(
      initialState(null, "line"),
      { type: "login/started", token: "t1" },
      { type: "login/succeeded", token: "t1", me: me("planner") },
      { type: "plant/loading" },
      { type: "plant/loaded", site: demoSite(), token: "t1" },
      { type: "station/selected", stationId: "stn_a1-t01" },
    );
    expect(s.session.status).toBe("signed-in");
    expect(s.plant.status).toBe("ready");
    const out = reduce(s, { type: "logout" });
    expect(out.session.status).toBe("anonymous");
    expect(out.plant.status).toBe("idle");
    expect(out.selectedStationId).toBeNull();
    expect(out.route).toBe("");
    expect(out.loginMessage).toEqual({ kind: "notice", text: "You are signed out." });
  });

  it("keeps the refusal message of a bad token", () => {
    const s = run(initialState(null, ""), { type: "login/started", token: "bad" }, { type: "login/failed", message: "no" });
    expect(s.session.status).toBe("anonymous");
    expect(s.loginMessage).toEqual({ kind: "error", text: "no" });
  });

  it("drops a plant answer that arrives after logout or for another session", () => {
    const signedIn = run(initialState(null, ""), { type: "login/started", token: "t1" }, { type: "login/succeeded", token: "t1", me: me("admin") }, { type: "plant/loading" });
    expect(reduce(signedIn, { type: "plant/loaded", site: demoSite(), token: "old" }).plant.status).toBe("loading");
    const after = run(signedIn, { type: "logout" }, { type: "plant/loaded", site: demoSite(), token: "t1" });
    expect(after.plant.status).toBe("idle");
  });

  it("navigates without churn when the route is unchanged", () => {
    const s = initialState(null, "line");
    expect(reduce(s, { type: "navigated", route: "line" })).toBe(s);
    expect(reduce(s, { type: "navigated", route: "plan" }).route).toBe("plan");
  });
});
