import { describe, expect, it } from "vitest";
import { appendSample } from "../kpis/series.ts";
import { resolveGatewayUrl } from "./config.ts";
import { permissionsFor } from "./permissions.ts";

const page = (href: string) => new URL(href) as unknown as Location;

describe("gateway URL", () => {
  it("uses the served configuration, reaching a 0.0.0.0 gateway on the page's host", () => {
    expect(resolveGatewayUrl("http://127.0.0.1:4000/graphql", page("http://127.0.0.1:4173/floor"))).toBe("http://127.0.0.1:4000/graphql");
    expect(resolveGatewayUrl("http://0.0.0.0:4000/graphql", page("http://10.1.2.3:4173/"))).toBe("http://10.1.2.3:4000/graphql");
  });

  it("falls back to port 4000 on the page's host", () => {
    expect(resolveGatewayUrl(undefined, page("https://floor.example:8443/"))).toBe("https://floor.example:4000/graphql");
  });
});

describe("permissions", () => {
  it("lets OPERATOR and up command the floor, keeps partners off it", () => {
    expect((["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "VIEWER", "PARTNER"] as const).map((r) => permissionsFor(r).control)).toEqual([true, true, true, false, false, false]);
    expect(permissionsFor("VIEWER").floor).toBe(true);
    expect(permissionsFor("PARTNER")).toEqual({ control: false, floor: false, inventory: false });
  });
});

describe("KPI series", () => {
  it("keeps a window of samples and replaces one at the same time", () => {
    let series = appendSample([], { at: 0, value: 1 }, 1000);
    series = appendSample(series, { at: 500, value: 2 }, 1000);
    series = appendSample(series, { at: 500, value: 3 }, 1000);
    series = appendSample(series, { at: 1200, value: 4 }, 1000);
    expect(series).toEqual([
      { at: 500, value: 3 },
      { at: 1200, value: 4 },
    ]);
  });
});
