import { readFileSync } from "node:fs";
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from "@apollo/federation-internals";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { printSchema } from "graphql";

// The dashboard is typed against what clients of the gateway see: the committed supergraph's API
// schema (federation's join directives and @inaccessible parts removed). A document that no longer
// validates fails `generate`, and a changed field type fails the type check. The supergraph links the
// authorization features (for: SECURITY), which only the router's feature set admits; the API schema
// has no trace of them either way.
const supergraph = readFileSync(new URL("../schema/supergraph.graphql", import.meta.url), "utf8");
const apiSchema = printSchema(Supergraph.build(supergraph, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema());

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
