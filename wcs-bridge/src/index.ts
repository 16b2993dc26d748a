/** The WCS bridge: its subgraph, and the OPC UA client it reads and commands the floor with. */
export * from "./subgraph/index.ts";
export * from "./bridge/index.ts";
