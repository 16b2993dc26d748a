// A worker thread's entry: TypeScript through tsx (loaders are per thread), then the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./prepare-worker.ts");
