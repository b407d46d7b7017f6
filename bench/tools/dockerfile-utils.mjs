// dockerfile-utils' linter over a list of Dockerfiles in one process (its CLI takes one file per
// run; one process for all is the cheaper way to chain it, so the fairer baseline).
// Usage: node bench/tools/dockerfile-utils.mjs <list>
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { readList } from './read-list.mjs';

const { validate } = createRequire(import.meta.url)('dockerfile-utils');
let problems = 0;
for (const file of readList(process.argv[2])) {
  for (const d of validate(readFileSync(file, 'utf8'))) {
    problems++;
    process.stdout.write(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}\n`);
  }
}
process.exitCode = problems ? 1 : 0;
