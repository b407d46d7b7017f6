// A pre-commit situation: a git repository holding the default stack, committed, with three
// files changed and staged (a Dockerfile, a Kubernetes manifest, a shell script).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist } from './paths.mjs';

export const STAGED_FILES = ['infrastructure/docker/Dockerfile', 'infrastructure/kubernetes/base/service.yaml', 'scripts/deploy.sh'];

export async function stagedRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-staged-'));
  const { renderStack } = await dist('src/generate/stack.js');
  const { writeFiles } = await dist('src/generate/write.js');
  const { defaultAnswers } = await dist('src/generate/answers.js');
  writeFiles(dir, await renderStack(defaultAnswers({ name: 'staged' })));
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'stack');
  for (const f of STAGED_FILES) appendFileSync(join(dir, f), '# changed\n');
  git('add', ...STAGED_FILES);
  return dir;
}
