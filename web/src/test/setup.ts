import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Testing Library unmounts by itself only with vitest globals, which this workspace does not use.
afterEach(cleanup);
