import { demoLayout, type DemoLocation } from "./layout.ts";
import { demoId, type Random } from "./random.ts";

export interface DemoSku {
  id: string;
  code: string;
  name: string;
  description: string;
  unit: "EACH" | "CASE" | "PALLET" | "KG" | "LITRE";
  weightKg: number;
  lotTracked: boolean;
  serialTracked: boolean;
  abcClass: "A" | "B" | "C";
  reorderPoint: number;
  safetyStock: number;
}

export interface DemoStock {
  id: string;
  skuCode: string;
  locationId: string;
  lot: string | null;
  /** YYYY-MM-DD */
  expiresOn: string | null;
  quantity: number;
  reserved: number;
}

const ADJECTIVES = ["Classic", "Compact", "Deluxe", "Eco", "Heavy-duty", "Lightweight", "Organic", "Pro", "Rugged", "Smart", "Thermal", "Ultra"];
const PRODUCTS = ["backpack", "bottle", "cable", "drill", "gloves", "headlamp", "jacket", "kettle", "lantern", "mug", "pan", "rope", "saw", "tent", "torch", "towel"];
const CHILLED = ["yoghurt", "cheese", "butter", "juice", "salad", "hummus"];
const SIZES = ["S", "M", "L", "XL", "500 ml", "1 l", "2 kg", "pack of 6", "pack of 12"];

export const SKU_COUNT = 2000;

export function buildCatalog(random: Random, now: Date) {
  const skus: DemoSku[] = [];
  const stock: DemoStock[] = [];
  const pickFaces = (zone: string) => demoLayout.locations.filter((l) => l.type === "PICK" && l.code.startsWith(zone));
  const ambient = pickFaces("A-");
  const chilled = pickFaces("C-");
  const reserve = demoLayout.locations.filter((l) => l.type === "RESERVE");
  let nextAmbient = 0;
  let nextChilled = 0;
  let nextReserve = 0;

  for (let i = 1; i <= SKU_COUNT; i++) {
    const code = `SKU-${String(i).padStart(5, "0")}`;
    const lotTracked = random.chance(0.15);
    const noun = lotTracked ? random.pick(CHILLED) : random.pick(PRODUCTS);
    const abcClass = i <= SKU_COUNT * 0.2 ? "A" : i <= SKU_COUNT * 0.5 ? "B" : "C";
    const reorderPoint = abcClass === "A" ? 120 : abcClass === "B" ? 60 : 20;
    const name = `${random.pick(ADJECTIVES)} ${noun} ${random.pick(SIZES)}`;
    skus.push({
      id: demoId("sku", code),
      code,
      name,
      description: `${name}, ${abcClass === "A" ? "fast" : abcClass === "B" ? "medium" : "slow"} mover`,
      unit: lotTracked && random.chance(0.3) ? "KG" : random.chance(0.1) ? "CASE" : "EACH",
      weightKg: Math.round(random.next() * 12_000) / 1000 + 0.05,
      lotTracked,
      serialTracked: !lotTracked && random.chance(0.03),
      abcClass,
      reorderPoint,
      safetyStock: Math.round(reorderPoint / 2),
    });

    const faces: DemoLocation[] = [];
    const pool = lotTracked ? chilled : ambient;
    const face = pool[(lotTracked ? nextChilled++ : nextAmbient++) % pool.length];
    if (face) faces.push(face);
    if (abcClass !== "C" && nextReserve < reserve.length) faces.push(reserve[nextReserve++] as DemoLocation);

    for (const location of faces) {
      const lots = lotTracked ? random.int(1, 3) : 1;
      for (let n = 0; n < lots; n++) {
        const lot = lotTracked ? `L${now.getUTCFullYear()}${String(random.int(1, 52)).padStart(2, "0")}-${random.int(100, 999)}` : null;
        const expiry = lotTracked ? new Date(now.getTime() + random.int(3, 120) * 86_400_000) : null;
        // About one SKU in twelve sits under its reorder point, so the dashboard has something to show.
        const low = random.chance(0.08);
        stock.push({
          id: demoId("stock", `${code}/${location.id}/${lot ?? "-"}`),
          skuCode: code,
          locationId: location.id,
          lot,
          expiresOn: expiry ? expiry.toISOString().slice(0, 10) : null,
          quantity: low ? random.int(0, Math.max(1, Math.floor(reorderPoint / 3))) : random.int(reorderPoint, reorderPoint * 6),
          reserved: 0,
        });
      }
    }
  }
  return { skus, stock };
}
