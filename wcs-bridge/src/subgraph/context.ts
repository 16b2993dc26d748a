import type { RequestContext } from "@floorgraph/service";
import type { PrismaClient } from "@floorgraph/prisma/wcs";
import type { FloorClient } from "../bridge/opcua/floor-client.ts";
import type { AlarmView } from "./alarms.ts";
import type { WcsCommandService } from "./commands.ts";
import type { FloorStatusView } from "./kpis/floor-status.ts";
import type { FloorStreams } from "./streams/floor-streams.ts";

export interface WcsContext extends RequestContext {
  floor: FloorClient;
  prisma: PrismaClient;
  alarms: AlarmView;
  commands: WcsCommandService;
  status: FloorStatusView;
  streams: FloorStreams;
}
