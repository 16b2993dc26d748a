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
        contextType: "../context.ts#OrdersContext",
        mappers: {
          Order: "../mappers.ts#OrderRow",
          OrderLine: "../mappers.ts#OrderLineRow",
          OrderStatusChange: "../mappers.ts#OrderStatusChangeRow",
          User: "../mappers.ts#UserRef",
          Sku: "../mappers.ts#SkuRef",
        },
        scalars: { DateTime: "Date | string", Date: "Date | string", ID: "string" },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};
export default config;
