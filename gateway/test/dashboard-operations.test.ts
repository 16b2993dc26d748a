import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@floorgraph/auth";
import { readCommittedSupergraph } from "@floorgraph/schema";
import { Kind, parse, type DefinitionNode, type OperationDefinitionNode } from "graphql";
import { filterOperation, grantsOf, loadAuthorization } from "../src/authorization/index.ts";

// The dashboard's operations (web/src/graphql) pass the gateway's authorization untouched for the
// roles the dashboard offers them to (web/src/app/permissions.ts): floor commands to ADMIN,
// SUPERVISOR and OPERATOR; the floor, alarms and inventory to staff; orders, shipments and KPIs to all.
const folder = fileURLToPath(new URL("../../web/src/graphql/", import.meta.url));
const definitions: DefinitionNode[] = readdirSync(folder)
  .filter((f) => f.endsWith(".graphql"))
  .flatMap((f) => parse(readFileSync(folder + f, "utf8")).definitions);
const operations = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
const fragments = definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);

const CONTROL: Role[] = ["ADMIN", "SUPERVISOR", "OPERATOR"];
const STAFF: Role[] = ROLES.filter((r) => r !== "PARTNER");
const offeredTo = (name: string): readonly Role[] => {
  if (name === "Login") return ROLES;
  if (/^(Start|Stop|Reset|Set|Pause|Resume|Cancel|Dispatch|Emergency|Acknowledge)/.test(name)) return CONTROL;
  if (/^(Floor|ActiveAlarms|AlarmRaised|ConveyorChanged|SorterChanged|RobotChanged|Sku)/.test(name)) return STAFF;
  return ROLES;
};
// Refused before this work too (by the warehouse subgraph): a partner's order detail asks for pick tasks.
const KNOWN = new Set(["PARTNER OrderDetail PickTask"]);

const { requirements, schema } = loadAuthorization(readCommittedSupergraph());
const identity = (role: Role) => ({ userId: "u", email: "e", role, partnerId: role === "PARTNER" ? "p" : null, scopes: [], kind: "user" as const });

describe("the dashboard's operations under the supergraph's authorization", () => {
  it("finds the dashboard's operations", () => expect(operations.length).toBeGreaterThan(20));
  for (const operation of operations) {
    const name = operation.name!.value;
    it(`${name} is untouched for ${offeredTo(name).join(", ")}`, () => {
      for (const role of offeredTo(name)) {
        const document = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } as const;
        const { removals } = filterOperation(schema, requirements, document, name, grantsOf(identity(role)));
        expect(removals.map((r) => `${role} ${name} ${r.coordinate}`).filter((r) => !KNOWN.has(r))).toEqual([]);
      }
    });
  }
  it("refuses the floor commands to the roles it does not offer them to", () => {
    const stop = operations.find((o) => o.name?.value === "StopConveyor")!;
    for (const role of ["PICKER", "VIEWER", "PARTNER"] as const) {
      const { document } = filterOperation(schema, requirements, { kind: Kind.DOCUMENT, definitions: [stop] }, "StopConveyor", grantsOf(identity(role)));
      expect(document, role).toBeNull();
    }
  });
});
