// For the plop CLI (`npx plop --plopfile node_modules/create-devops-stack/dist/generators/plopfile.js`):
// every generator of generators/, with our `devops-plan` action writing through our writer into
// plop's destination, with --merge semantics (files you changed are kept, never overwritten).
// `create-devops-stack add …` is the main entry; this is for teams that already drive plop.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { defaultAnswers } from '../src/generate/answers.js';
import { listGenerators, loadGenerator, PLAN_ACTION } from '../src/generate/generators.js';
import { summarize } from '../src/generate/report.js';
import { completeAnswers, readAnswersFile } from '../src/generate/resolve-answers.js';
import { ANSWERS_PATH } from '../src/generate/stack.js';
import { writeStack } from '../src/generate/write.js';

export default async function plopfile(plop: NodePlopAPI): Promise<void> {
  plop.setActionType(PLAN_ACTION, async (plopAnswers, config) => {
    const target = plop.getDestBasePath();
    const recorded = join(target, ANSWERS_PATH);
    const answers = existsSync(recorded) ? completeAnswers(readAnswersFile(recorded, ANSWERS_PATH)) : defaultAnswers();
    const mod = await loadGenerator(String((config as { generator?: unknown }).generator));
    const args = mod.spec.args.map((a) => String((plopAnswers as Record<string, unknown>)[a] ?? ''));
    const outcome = await mod.spec.run({ answers, args });
    const result = writeStack(target, outcome.stack, { merge: true, only: outcome.only });
    return `${outcome.summary}: ${summarize(result.changes, false)}`;
  });
  for (const name of listGenerators()) (await loadGenerator(name)).default(plop);
}
