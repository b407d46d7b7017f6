// Pairwise answer combinations (src/generate/answer-matrix.ts), generated for the tool tests.
// Generated stacks are written once per process into a temp dir and shared by the tool tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseAnswers, caseLabel, DIMENSIONS, pairwise } from '../../src/generate/answer-matrix.js';
import type { StackAnswers } from '../../src/generate/answers.js';
import { renderStack } from '../../src/generate/stack.js';
import { writeFiles } from '../../src/generate/write.js';

export { DIMENSIONS, pairwise };

export interface MatrixCase {
  label: string;
  answers: StackAnswers;
  dir: string;
}

let generated: Promise<MatrixCase[]> | undefined;

/** Every pairwise case plus the defaults, generated to disk once per test process. */
export function matrix(): Promise<MatrixCase[]> {
  generated ??= (async () => {
    const root = mkdtempSync(join(tmpdir(), 'cds-matrix-'));
    const list = [{}, ...pairwise()].map((p, i) => {
      const answers = caseAnswers(`svc-${i}`, p);
      return { label: i === 0 ? 'defaults' : caseLabel(p), answers, dir: join(root, `case-${i}`) };
    });
    for (const c of list) writeFiles(c.dir, await renderStack(c.answers));
    return list;
  })();
  return generated;
}
