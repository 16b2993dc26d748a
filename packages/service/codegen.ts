import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The GraphQL Code Generator setup every subgraph shares: resolver types generated from the SDL in
 * federation mode, so each resolver is checked against schema.graphql. Parents are the Prisma rows
 * (mappers, exported by the subgraph's src/mappers.ts), not the GraphQL shapes.
 */
export function subgraphCodegen(contextType: string, mappers: Record<string, string>, extraScalars: Record<string, string> = {}): CodegenConfig {
  return {
    schema: "src/schema.graphql",
    generates: {
      "src/generated/graphql.ts": {
        plugins: ["typescript", "typescript-resolvers"],
        config: {
          federation: true,
          useIndexSignature: true,
          useTypeImports: true,
          contextType: `../context.ts#${contextType}`,
          mappers: Object.fromEntries(Object.entries(mappers).map(([type, row]) => [type, `../mappers.ts#${row}`])),
          scalars: { DateTime: "Date | string", Date: "Date | string", ID: "string", ...extraScalars },
          enumsAsTypes: true,
          avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        },
      },
    },
  };
}
