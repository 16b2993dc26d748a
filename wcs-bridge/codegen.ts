import { subgraphCodegen } from "@floorgraph/service/codegen";

// The shared setup expects src/context.ts and src/mappers.ts; this package keeps its subgraph in
// src/subgraph (src/ also holds the simulator and the OPC UA client), so the paths are adjusted.
const mappers = {
  Conveyor: "ConveyorRecord",
  Sorter: "SorterRecord",
  Chute: "ChuteRecord",
  Robot: "RobotRecord",
  Alarm: "AlarmParent",
  Zone: "EntityRef",
  Location: "EntityRef",
  User: "EntityRef",
  Position: "PositionParent",
  FloorStatus: "FloorStatusParent",
  ToteScan: "ToteScanRecord",
};
const config = subgraphCodegen("WcsContext", mappers);
for (const output of Object.values(config.generates ?? {})) {
  const options = (output as { config: Record<string, unknown> }).config;
  options.contextType = "../subgraph/context.ts#WcsContext";
  options.mappers = Object.fromEntries(Object.entries(mappers).map(([type, row]) => [type, `../subgraph/mappers.ts#${row}`]));
}
export default config;
