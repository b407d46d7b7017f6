// Where the harness finds the built package, its own tools, the corpus and the results.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH);
export const DIST = join(ROOT, 'dist');
export const CORPUS = join(BENCH, '.corpus');
export const RESULTS = join(BENCH, 'results');
export const AUDIT_BIN = join(DIST, 'bin', 'devops-audit.js');
export const CREATE_BIN = join(DIST, 'bin', 'create-devops-stack.js');
export const BENCH_BIN = join(BENCH, 'node_modules', '.bin');

/** Import a module of the built package (dist/), e.g. `src/generate/stack.js`. */
export const dist = (rel) => import(join(DIST, rel));
