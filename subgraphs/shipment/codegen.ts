import type { CodegenConfig } from "@graphql-codegen/cli";

// Resolver types generated from the SDL, in federation mode, so every resolver is checked
// against schema.graphql. Parents are the Prisma rows (mappers), not the GraphQL shapes.
const config: CodegenConfig = {
  schema: "src/schema.graphql",
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        federation: true,
        useIndexSignature: true,
        useTypeImports: true,
        contextType: "../context.ts#ShipmentContext",
        mappers: {
          Carrier: "../mappers.ts#CarrierRow",
          ServiceLevel: "../mappers.ts#ServiceLevelRow",
          Shipment: "../mappers.ts#ShipmentRow",
          Package: "../mappers.ts#PackageRow",
          TrackingEvent: "../mappers.ts#TrackingEventRow",
          DockDoor: "../mappers.ts#DockDoorRow",
          Load: "../mappers.ts#LoadRow",
          Order: "../mappers.ts#OrderRef",
        },
        scalars: { DateTime: "Date | string", ID: "string" },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};
export default config;
