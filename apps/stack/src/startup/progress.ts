import { createLogUpdate } from "log-update";

// What a long start-up is doing and how far it is. On a terminal: one live block, a line per step
// with its state and elapsed time, redrawn in place. Elsewhere (CI, a log file, a pipe): a plain,
// timestamped line for each change, nothing redrawn.

export interface Step {
  /** The step's current activity ("seeding", "migrating 3 of 4"). */
  update(status: string): void;
  done(result?: string): void;
  fail(reason: string): void;
}

export interface StepTiming {
  id: string;
  label: string;
  ms: number;
  result: string;
}

export interface Progress {
  step(id: string, label: string, status?: string): Step;
  /** Stops redrawing; the last frame stays on the terminal. */
  close(): void;
  /** Every finished step, in the order they started. */
  timings(): StepTiming[];
}

interface StepState {
  id: string;
  label: string;
  status: string;
  started: number;
  ended?: number;
  outcome?: "done" | "failed";
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function createProgress(stream: NodeJS.WriteStream = process.stdout, options: { interactive?: boolean; now?: () => number } = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const origin = now();
  const interactive = options.interactive ?? Boolean(stream.isTTY && process.env.TERM !== "dumb" && !process.env.CI);
  const steps: StepState[] = [];
  const width = () => Math.max(...steps.map((s) => s.label.length), 12);
  let frame = 0;

  const render = interactive ? createLogUpdate(stream, { showCursor: true }) : null;
  const draw = () => {
    if (!render) return;
    frame = (frame + 1) % FRAMES.length;
    const lines = steps.map((s) => {
      const mark = s.outcome === "done" ? "✔" : s.outcome === "failed" ? "✖" : FRAMES[frame];
      return `  ${mark} ${s.label.padEnd(width())}  ${s.status}  ${seconds((s.ended ?? now()) - s.started)}`;
    });
    render(lines.join("\n"));
  };
  const timer = render ? setInterval(draw, 120) : null;
  timer?.unref();

  const plain = (s: StepState, text: string) => {
    if (!render) stream.write(`[${seconds(now() - origin).padStart(7)}] ${s.label}: ${text}\n`);
  };

  return {
    step(id, label, status = "starting") {
      const state: StepState = { id, label, status, started: now() };
      steps.push(state);
      plain(state, state.status);
      draw();
      const finish = (outcome: "done" | "failed", text: string) => {
        if (state.outcome) return;
        state.outcome = outcome;
        state.ended = now();
        state.status = text;
        plain(state, `${text} (${seconds(state.ended - state.started)})`);
        draw();
      };
      return {
        update(status) {
          if (state.outcome || status === state.status) return;
          state.status = status;
          plain(state, status);
          draw();
        },
        done: (result = "done") => finish("done", result),
        fail: (reason) => finish("failed", reason),
      };
    },
    close() {
      if (timer) clearInterval(timer);
      draw();
      render?.done();
    },
    timings: () =>
      steps.filter((s) => s.ended !== undefined).map((s) => ({ id: s.id, label: s.label, ms: (s.ended as number) - s.started, result: s.status })),
  };
}

/** "users 2.1 s, warehouse 4.0 s" — the finished steps whose id starts with prefix. */
export function describeTimings(timings: StepTiming[], prefix: string): string {
  return timings
    .filter((t) => t.id.startsWith(prefix))
    .map((t) => `${t.id.slice(prefix.length)} ${seconds(t.ms)}`)
    .join(", ");
}
