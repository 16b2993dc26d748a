import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** `npm start` as a user runs it, in a child process, on embedded defaults whatever the test run is configured with. */
export class NpmStart {
  private child: ChildProcess | null = null;
  /** Everything the current process printed (stdout and stderr). */
  output = "";

  constructor(private readonly dataDir: string, private readonly gatewayPort: number) {}

  /** Starts it; resolves once `until` matches its output (default: the banner), with the gateway's URL. */
  async start(until: RegExp = /Floorgraph is up/): Promise<string> {
    const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...inherited } = process.env;
    const proc = spawn(process.execPath, [join(root, "scripts/run.mjs"), "start"], {
      cwd: root,
      env: {
        ...inherited,
        DATA_DIR: this.dataDir,
        GATEWAY_PORT: String(this.gatewayPort),
        SUBGRAPH_BASE_PORT: "0",
        SIMULATOR_PORT: "0",
        DASHBOARD: "false",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = proc;
    this.output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not print ${until}:\n${this.output.slice(-2000)}`)), 400_000);
      const seen = (chunk: Buffer) => {
        this.output += chunk;
        if (until.test(this.output)) (clearTimeout(timer), resolve());
      };
      proc.stdout?.on("data", seen);
      proc.stderr?.on("data", seen);
      proc.once("exit", (code) => (clearTimeout(timer), reject(new Error(`npm start exited with ${code}:\n${this.output.slice(-2000)}`))));
    });
    return `http://127.0.0.1:${this.gatewayPort}/graphql`;
  }

  /** SIGKILL: no shutdown handler runs, as in a power cut. */
  async kill(): Promise<void> {
    const proc = this.child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGKILL");
    await exited;
    this.child = null;
  }
}
