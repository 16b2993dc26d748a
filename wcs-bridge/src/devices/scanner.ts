import { type Freshness, defineDevice, emptyToNull } from "./descriptor.ts";

export interface ScannerRecord extends Freshness {
  id: string;
  name: string;
  conveyorId: string;
  lastToteId: string | null;
  scanCount: number;
}

/** A barcode scanner on a conveyor; each scan is also a ToteScannedEventType event. */
export const scannerDevice = defineDevice<ScannerRecord>({
  kind: "Scanner",
  folder: "Scanners",
  description: "A tote scanner on a conveyor",
  variables: [
    { browseName: "LastToteId", dataType: "String", field: "lastToteId", description: "the last tote read, \"\" before the first", decode: emptyToNull },
    { browseName: "ScanCount", dataType: "UInt32", field: "scanCount", description: "totes read (cumulative)" },
    { browseName: "ConveyorId", dataType: "String", field: "conveyorId", description: "the conveyor it reads" },
  ],
  methods: [],
  store: { event: "scanner" },
  initialRecords: (layout) => layout.scanners.map((s) => ({ id: s.id, name: s.name, conveyorId: s.conveyorId, lastToteId: null, scanCount: 0, stale: true, lastSeenAt: null })),
});
