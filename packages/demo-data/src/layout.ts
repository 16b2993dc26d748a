import { demoId } from "./random.ts";

export type DemoZoneKind = "AMBIENT" | "CHILLED" | "FROZEN" | "HAZMAT" | "AUTOMATED" | "DOCK";
export type DemoLocationType = "PICK" | "RESERVE" | "STAGING" | "DOCK" | "PACK" | "CHUTE";

export interface DemoWarehouse {
  id: string;
  code: string;
  name: string;
  address: string;
  timezone: string;
}
export interface DemoZone {
  id: string;
  warehouseId: string;
  code: string;
  name: string;
  kind: DemoZoneKind;
}
export interface DemoLocation {
  id: string;
  warehouseId: string;
  zoneId: string;
  code: string;
  type: DemoLocationType;
  area: string;
  aisle: string;
  rack: string;
  level: string;
  bin: string;
  capacity: number | null;
}

export const demoWarehouses: DemoWarehouse[] = [
  { code: "AMS1", name: "Amsterdam Westpoort DC", address: "Westhavenweg 70, 1042 AL Amsterdam, NL", timezone: "Europe/Amsterdam" },
  { code: "RTM1", name: "Rotterdam Maasvlakte DC", address: "Europaweg 875, 3199 LD Rotterdam, NL", timezone: "Europe/Amsterdam" },
].map((w) => ({ ...w, id: demoId("warehouse", w.code) }));

interface ZonePlan {
  code: string;
  name: string;
  kind: DemoZoneKind;
  area: string;
  type: DemoLocationType;
  aisles: number;
  racks: number;
  levels: number;
  bins: string[];
  capacity: number | null;
}

/** Per warehouse: 1,600 + 500 + 320 pick/reserve faces plus the handling points, ~2,500 locations. */
const ZONES: ZonePlan[] = [
  { code: "AMB", name: "Ambient pick", kind: "AMBIENT", area: "A", type: "PICK", aisles: 20, racks: 10, levels: 4, bins: ["A", "B"], capacity: 200 },
  { code: "BLK", name: "Bulk reserve", kind: "AMBIENT", area: "B", type: "RESERVE", aisles: 10, racks: 10, levels: 5, bins: ["A"], capacity: 2000 },
  { code: "CHL", name: "Chilled", kind: "CHILLED", area: "C", type: "PICK", aisles: 4, racks: 10, levels: 4, bins: ["A", "B"], capacity: 150 },
  { code: "INB", name: "Inbound conveyors", kind: "AUTOMATED", area: "I", type: "STAGING", aisles: 1, racks: 4, levels: 1, bins: ["A"], capacity: null },
  { code: "SRT", name: "Sorter", kind: "AUTOMATED", area: "S", type: "CHUTE", aisles: 1, racks: 24, levels: 1, bins: ["A"], capacity: 40 },
  { code: "OUT", name: "Outbound conveyors", kind: "AUTOMATED", area: "O", type: "STAGING", aisles: 1, racks: 4, levels: 1, bins: ["A"], capacity: null },
  { code: "PCK", name: "Pack stations", kind: "AUTOMATED", area: "P", type: "PACK", aisles: 1, racks: 12, levels: 1, bins: ["A"], capacity: null },
  { code: "DCK", name: "Docks", kind: "DOCK", area: "D", type: "DOCK", aisles: 2, racks: 10, levels: 1, bins: ["A"], capacity: null },
];

const pad = (n: number) => String(n).padStart(2, "0");

function buildLayout() {
  const zones: DemoZone[] = [];
  const locations: DemoLocation[] = [];
  for (const warehouse of demoWarehouses) {
    for (const plan of ZONES) {
      const zone: DemoZone = {
        id: demoId("zone", `${warehouse.code}/${plan.code}`),
        warehouseId: warehouse.id,
        code: plan.code,
        name: plan.name,
        kind: plan.kind,
      };
      zones.push(zone);
      for (let a = 1; a <= plan.aisles; a++)
        for (let r = 1; r <= plan.racks; r++)
          for (let l = 1; l <= plan.levels; l++)
            for (const bin of plan.bins) {
              // Dock zone: aisle 01 are dock doors, aisle 02 the staging lanes in front of them.
              const type: DemoLocationType = plan.code === "DCK" && a === 2 ? "STAGING" : plan.type;
              const code = `${plan.area}-${pad(a)}-${pad(r)}-${l}-${bin}`;
              locations.push({
                id: demoId("location", `${warehouse.code}/${code}`),
                warehouseId: warehouse.id,
                zoneId: zone.id,
                code,
                type,
                area: plan.area,
                aisle: pad(a),
                rack: pad(r),
                level: String(l),
                bin,
                capacity: plan.capacity,
              });
            }
    }
  }
  return { zones, locations };
}

export const demoLayout = buildLayout();
