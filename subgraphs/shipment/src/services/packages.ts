import { badInput } from "@floorgraph/errors";

export const MAX_PACKAGES = 50;
export const MAX_WEIGHT_KG = 1000;
export const MIN_DIMENSION_CM = 1;
export const MAX_DIMENSION_CM = 400;

export interface PackageInput {
  weightKg: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

const DIMENSIONS = ["lengthCm", "widthCm", "heightCm"] as const;

/** Refuses a parcel list no carrier would take; `field` points at the offending value, e.g. packages[2].weightKg. */
export function validatePackages(packages: readonly PackageInput[]): void {
  if (packages.length === 0) throw badInput("A shipment needs at least one package", { field: "packages" });
  if (packages.length > MAX_PACKAGES) throw badInput(`A shipment has at most ${MAX_PACKAGES} packages`, { field: "packages" });
  packages.forEach((p, i) => {
    if (!Number.isFinite(p.weightKg) || p.weightKg <= 0 || p.weightKg > MAX_WEIGHT_KG) {
      throw badInput(`Package ${i + 1}: weight must be more than 0 and at most ${MAX_WEIGHT_KG} kg`, { field: `packages[${i}].weightKg` });
    }
    for (const dimension of DIMENSIONS) {
      if (p[dimension] < MIN_DIMENSION_CM || p[dimension] > MAX_DIMENSION_CM) {
        throw badInput(`Package ${i + 1}: ${dimension} must be ${MIN_DIMENSION_CM} to ${MAX_DIMENSION_CM} cm`, { field: `packages[${i}].${dimension}` });
      }
    }
  });
}
