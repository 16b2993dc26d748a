import { readFileSync } from "node:fs";
import { Supergraph } from "@apollo/federation-internals";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { printSchema } from "graphql";

// The dashboard is typed against what clients of the gateway see: the committed supergraph's API
// schema (federation's join directives and @inaccessible parts removed). A document that no longer
// validates fails `generate`, and a changed field type fails the type check.
const supergraph = readFileSync(new URL("../schema/supergraph.graphql", import.meta.url), "utf8");
const apiSchema = printSchema(Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema());

const config: CodegenConfig = {
  schema: apiSchema,
  documents: "src/**/*.graphql",
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { DateTime: "string", Date: "string", ID: "string" },
      },
    },
  },
};
export default config;
