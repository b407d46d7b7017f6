// The corpus: a synthetic monorepo written by the generator itself. The root is a default stack
// (its .github/workflows are the repository's workflows); services/<name>/ holds N more stacks,
// cycling through the pairwise answer combinations; broken/ holds files that fail to parse.
// Built once per N and reused while the generator's output is unchanged (a stamp of its inputs).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPUS, DIST, dist } from './paths.mjs';
import { BROKEN_FILES } from './broken-files.mjs';

/** Hash of everything that decides the generated files: templates, parts, generator code, this builder. */
function generatorStamp() {
  const h = createHash('sha256');
  const feed = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) feed(join(p, e));
    else h.update(relative(DIST, p)).update(readFileSync(p));
  };
  for (const p of ['templates.precompiled.cjs', 'generators', 'src/generate']) if (existsSync(join(DIST, p))) feed(join(DIST, p));
  h.update(readFileSync(new URL(import.meta.url))).update(JSON.stringify(BROKEN_FILES));
  return h.digest('hex').slice(0, 16);
}

/** Every answer combination the corpus cycles through: defaults first, then the pairwise cases. */
export async function answerCases() {
  const { pairwise, caseAnswers } = await dist('src/generate/answer-matrix.js');
  return [{}, ...pairwise()].map((p) => (name) => caseAnswers(name, p));
}

/** The corpus with N services; returns its directory and file count. */
export async function buildCorpus(n, log = () => {}) {
  const dir = join(CORPUS, `n${n}`);
  const stampFile = join(dir, '.bench-stamp');
  const stamp = generatorStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  log(`building corpus n=${n} in ${relative(process.cwd(), dir)} …`);
  rmSync(dir, { recursive: true, force: true });
  const { renderStack } = await dist('src/generate/stack.js');
  const { writeFiles } = await dist('src/generate/write.js');
  const cases = await answerCases();
  writeFiles(dir, await renderStack(cases[0]('platform')));
  for (let i = 0; i < n; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    writeFiles(join(dir, 'services', name), await renderStack(cases[i % cases.length](name)));
  }
  for (const f of BROKEN_FILES) {
    mkdirSync(join(dir, f.path, '..'), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  writeFileSync(stampFile, stamp);
  return dir;
}

/** The answer set that writes the most bytes: the generator's worst case. */
export async function largestAnswers() {
  const { renderStack } = await dist('src/generate/stack.js');
  let best;
  for (const make of await answerCases()) {
    const answers = make('largest');
    const bytes = (await renderStack(answers)).reduce((s, f) => s + Buffer.byteLength(f.content), 0);
    if (!best || bytes > best.bytes) best = { answers, bytes };
  }
  return best.answers;
}
