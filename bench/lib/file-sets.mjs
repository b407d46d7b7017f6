// The files each single-purpose tool gets: the same discovery and classification as the audit,
// so every tool reads a subset of what the audit reads. Written as NUL-separated lists for xargs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dist } from './paths.mjs';

export async function fileSets(root, outDir) {
  const { discover } = await dist('src/repo/discover.js');
  const { classify } = await dist('src/repo/classify.js');
  const { readHead } = await dist('src/repo/discover.js');
  const sets = { all: [], workflows: [], yaml: [], shell: [], dockerfiles: [] };
  for (const f of discover(root).files) {
    const kinds = classify(f.path, () => readHead(join(root, f.path), 8192).toString('utf8'));
    sets.all.push(f.path);
    if (kinds.includes('github-workflow')) sets.workflows.push(f.path);
    if (kinds.includes('yaml')) sets.yaml.push(f.path);
    if (kinds.includes('shell')) sets.shell.push(f.path);
    if (kinds.includes('dockerfile')) sets.dockerfiles.push(f.path);
  }
  mkdirSync(outDir, { recursive: true });
  const lists = {};
  for (const [k, v] of Object.entries(sets)) writeFileSync((lists[k] = join(outDir, `${k}.list`)), v.map((p) => `${p}\0`).join(''));
  return { counts: Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, v.length])), lists };
}
