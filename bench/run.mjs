// `npm run bench`: builds the corpus, measures devops-audit and create-devops-stack against their
// baselines side by side, prints a table and, last, one line of ratios. Results also go to
// bench/results/ (latest.json, latest.txt). See docs/benchmarks.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { benchArgs } from './lib/args.mjs';
import { audit, auditStaged, auditVersion, chainedTools, generate, nodeFloor, parseOnly } from './lib/commands.mjs';
import { buildCorpus, largestAnswers } from './lib/corpus.mjs';
import { fileSets } from './lib/file-sets.mjs';
import { measureGroup } from './lib/measure.mjs';
import { RESULTS } from './lib/paths.mjs';
import { setup } from './lib/setup.mjs';
import { stagedRepo, STAGED_FILES } from './lib/staged.mjs';
import { fmtMs, fmtX, renderTable } from './lib/table.mjs';
import { auditSummary } from './lib/summary.mjs';

const log = (s) => process.stderr.write(`${s}\n`);
const args = benchArgs(process.argv.slice(2));
const { missing, versions } = setup(log);
mkdirSync(RESULTS, { recursive: true });

const TARGET = { cold: 2, staged: 3, generate: 3, auditVsParse: 2, perFileDrift: 1.25, rssMb: 512 };
const rows = [];
const ratios = {};
const results = { date: new Date().toISOString(), versions, runs: args.runs, startup: {}, corpora: [] };

// ---- start-up figures: node's floor, --version, a pre-commit run, the generator ----
log('start-up figures …');
const staged = await stagedRepo();
const largest = await largestAnswers();
const startup = [nodeFloor(), auditVersion(), auditStaged(staged), generate('create-devops-stack (default stack)'), generate('create-devops-stack (largest answers)', largest)];
const s = measureGroup(startup, args.runs * 2, { log });
rmSync(staged, { recursive: true, force: true });
const floor = s['node -e 0'].median;
const vsNode = (id, target) => {
  const x = s[id].median / floor;
  return { figure: id, m: s[id], ratio: `${fmtX(x)} node`, target: target ? `≤ ${target}× node` : '', ok: target ? x <= target : undefined, x };
};
const cold = vsNode('devops-audit --version', TARGET.cold);
const pre = vsNode('devops-audit --staged (3 files)', TARGET.staged);
const genDefault = vsNode('create-devops-stack (default stack)', TARGET.generate);
const genLargest = vsNode('create-devops-stack (largest answers)');
rows.push({ section: 'Start-up (each vs node -e 0)' }, { figure: 'node -e 0', m: s['node -e 0'], ratio: '1.00× (floor)' }, cold, pre, genDefault, genLargest);
Object.assign(ratios, { cold: cold.x, staged: pre.x, generateDefault: genDefault.x, generateLargest: genLargest.x });
results.startup = { ...s, stagedFiles: STAGED_FILES, largestAnswers: largest };

// ---- full audits: the corpus at each N, then any directory given ----
const targets = [...args.sizes.map((n) => ({ label: `N=${n}`, n })), ...args.dirs.map((d) => ({ label: basename(resolve(d)), dir: resolve(d) }))];
for (const t of targets) {
  const dir = t.dir ?? (await buildCorpus(t.n, log));
  const out = join(RESULTS, t.label.replace(/[^\w.=-]/g, '_'));
  const { counts, lists } = await fileSets(dir, out);
  const summary = auditSummary(dir, join(out, 'report.json'));
  const tools = args.tools ? chainedTools(dir, lists, counts, missing) : [];
  // Large corpora: fewer rounds and no warm-up (the summary run above has filled the page cache).
  const large = counts.all > 10_000;
  const runs = large ? Math.max(2, Math.ceil(args.runs / 2)) : args.runs;
  log(`${t.label}: ${counts.all} files, ${runs} rounds …`);
  const m = measureGroup([audit(dir), parseOnly(dir), ...tools], runs, { warmup: !large, log });
  const a = m['devops-audit (full)'];
  const p = m['parse-only pass'];
  const chained = tools.reduce((sum, x) => sum + m[x.id].median, 0);
  const perFile = a.median / counts.all;
  const entry = { label: t.label, n: t.n, files: counts.all, counts, summary, measured: m, chainedMs: chained, perFileMs: perFile, vsParse: a.median / p.median, vsTools: tools.length ? a.median / chained : undefined };
  results.corpora.push(entry);
  const last = t.n === Math.max(...args.sizes);
  rows.push(
    { section: `${t.label}: ${counts.all} files (${counts.workflows} workflows, ${counts.yaml} YAML, ${counts.shell} scripts, ${counts.dockerfiles} Dockerfiles); audit: ${summary.findings} findings, ${summary.rulesRun} rules, ${summary.internalErrors} internal errors` },
    { figure: 'devops-audit (full)', m: a, ratio: `${fmtX(entry.vsParse)} parse-only`, target: last && t.n ? `≤ ${TARGET.auditVsParse}× parse-only` : '', ok: last && t.n ? entry.vsParse <= TARGET.auditVsParse : undefined },
    { figure: '  time per file', value: `${perFile.toFixed(2)} ms` },
    { figure: '  peak memory', value: `${Math.round(a.rssMb)} MB`, target: last && t.n ? `≤ ${TARGET.rssMb} MB` : '', ok: last && t.n ? a.rssMb <= TARGET.rssMb : undefined },
    { figure: 'parse-only pass', m: p, ratio: '1.00×' },
    ...tools.map((x) => ({ figure: `  ${x.id} (${x.files} files)`, m: m[x.id] })),
  );
  if (tools.length) rows.push({ figure: 'chained tools (sum)', value: fmtMs(chained), ratio: `audit ${fmtX(entry.vsTools)}`, target: 'audit < 1× chained', ok: entry.vsTools < 1 });
  // What was measured so far survives an interrupted run.
  writeFileSync(join(RESULTS, 'partial.txt'), renderTable(rows));
  writeFileSync(join(RESULTS, 'partial.json'), `${JSON.stringify(results, null, 2)}\n`);
}

// ---- scaling: time per file as N grows ----
const sized = results.corpora.filter((c) => c.n);
if (sized.length > 1) {
  const first = sized[0];
  const lastC = sized[sized.length - 1];
  ratios.perFileDrift = lastC.perFileMs / first.perFileMs;
  rows.push({ section: 'Scaling' }, { figure: `time per file, ${lastC.label} vs ${first.label}`, value: `${lastC.perFileMs.toFixed(2)} vs ${first.perFileMs.toFixed(2)} ms`, ratio: fmtX(ratios.perFileDrift), target: `≤ ${TARGET.perFileDrift}× (flat)`, ok: ratios.perFileDrift <= TARGET.perFileDrift });
}
const big = sized[sized.length - 1];
if (big) Object.assign(ratios, { n: big.n, auditVsParse: big.vsParse, auditVsTools: big.vsTools, rssMb: big.measured['devops-audit (full)'].rssMb });

const table = renderTable(rows);
const line =
  `ratios: cold start ${fmtX(ratios.cold)} node (≤${TARGET.cold}) | staged 3 files ${fmtX(ratios.staged)} node (≤${TARGET.staged}) | ` +
  `generate default ${fmtX(ratios.generateDefault)} node (≤${TARGET.generate}), largest ${fmtX(ratios.generateLargest)}` +
  (big ? ` | audit N=${big.n} ${fmtX(ratios.auditVsParse)} parse-only (≤${TARGET.auditVsParse})${ratios.auditVsTools ? `, ${fmtX(ratios.auditVsTools)} chained tools (<1)` : ''} | peak ${Math.round(ratios.rssMb)} MB (≤${TARGET.rssMb})` : '') +
  (ratios.perFileDrift ? ` | per-file N=${big.n}/N=${sized[0].n} ${fmtX(ratios.perFileDrift)} (≤${TARGET.perFileDrift})` : '');
results.ratios = ratios;
writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(RESULTS, 'latest.txt'), `${table}\n${line}\n`);
process.stdout.write(`\n${table}\n${line}\n`);
