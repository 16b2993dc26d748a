#!/usr/bin/env node
// `gateway --supergraph ./supergraph.graphql --port 4000`: loads the TypeScript entry in this
// process through tsx's loader (no wrapper process between the signals and the server).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
