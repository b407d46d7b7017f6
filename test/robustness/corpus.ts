// The adversarial corpus: files and trees that break naive tools, written into a directory.
// Each entry says what it is and whether the audit must name it (a finding or a warning).
import { chmodSync, closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface CorpusEntry {
  /** Class of input, for the report. */
  label: string;
  /** Path relative to the corpus root. */
  path: string;
  /** The audit must name this path in a finding or a warning. */
  named: boolean;
  /** Rule expected among the path's findings, with its position (when positions matter). */
  finding?: { ruleId: string; line?: number; column?: number };
}

export const MB = 1024 * 1024;

function put(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** `FROM node` with no tag: docker/pin-base-image reports it at line 1, column 6 (or wherever it is placed). */
const UNPINNED = 'FROM node\n';

function utf16(text: string, be: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (!be) return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const out = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [out[i], out[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), out]);
}

/** Nine levels of nine aliases: 9^9 nodes once expanded. */
export function aliasBomb(): string {
  const names = 'abcdefghi';
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', `  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < names.length; i++) lines.push(`  ${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

const N = 10_000;

/** A YAML list of about `bytes` bytes, one small flow mapping per line. */
export function bigYaml(bytes: number): string {
  return `items:\n${'  - {name: a, value: "0123456789abcdef"}\n'.repeat(Math.floor(bytes / 41))}`;
}

/** Write the corpus under `root`; returns its entries. Slow parts (50 MB) are sparse or one write. */
export function writeCorpus(root: string, outside: string): CorpusEntry[] {
  const e: CorpusEntry[] = [];
  const add = (label: string, path: string, content: string | Buffer, named: boolean, finding?: CorpusEntry['finding']) => {
    put(root, path, content);
    e.push({ label, path, named, finding });
  };

  // Resource exhaustion
  add('YAML alias bomb (manifest)', 'bomb/configmap.yaml', aliasBomb(), true, { ruleId: 'core/parse-error' });
  add('YAML alias bomb (workflow)', '.github/workflows/bomb.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps: &s [${Array(9).fill('{run: x}').join(',')}]\n    env: {${'abcdefgh'.split('').map((c) => `${c}: *s`).join(', ')}}\n${aliasBomb().replace(/^/gm, '# ')}`, false);
  add('10k-deep YAML flow nesting', 'deep/flow.yaml', `${'['.repeat(N)}${']'.repeat(N)}\n`, true, { ruleId: 'core/parse-error' });
  add('10k-deep YAML block sequences', 'deep/block.yaml', `${'- '.repeat(N)}x\n`, true, { ruleId: 'core/parse-error' });
  add('2k-deep YAML block mappings (indented)', 'deep/indented.yaml', `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`, true, { ruleId: 'core/parse-error' });
  add('10k-deep Kubernetes manifest', 'deep/k8s.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: ${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`, true, { ruleId: 'core/parse-error' });
  add('10k-deep JSON', 'deep/deep.json', `${'['.repeat(N)}${']'.repeat(N)}`, false);
  add('10k-deep Grafana-looking JSON', 'deep/grafana/dash.json', `{"panels": ${'['.repeat(N)}${']'.repeat(N)}, "schemaVersion": 39}`, false);
  add('10k-deep Markdown quotes and lists', 'deep/README.md', `${'>'.repeat(N)} x\n\n${'- '.repeat(N)}x\n`, false);
  add('2k-deep shell command substitution', 'deep/run.sh', `#!/bin/sh\necho ${'$('.repeat(2000)}x${')'.repeat(2000)}\n`, true, { ruleId: 'core/parse-error' });
  add('10k-deep HCL objects', 'deep/main.tf', `locals {\n  x = ${'{a = '.repeat(N)}1${'}'.repeat(N)}\n}\n`, false);
  add('10k-deep Dockerfile continuation', 'deep/Dockerfile', `FROM node:20.11.1\nRUN true ${' \\\n  && true'.repeat(N)}\n`, false);
  // Size
  put(root, 'big/large.yaml', bigYaml(2 * MB));
  e.push({ label: '2 MB YAML (parsed)', path: 'big/large.yaml', named: false });
  const sparse = join(root, 'big/sparse-50mb.yaml');
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 50 * MB);
  closeSync(fd);
  e.push({ label: '50 MB sparse YAML', path: 'big/sparse-50mb.yaml', named: true });
  add('50 MB text Dockerfile', 'big/Dockerfile', Buffer.alloc(50 * MB, 'RUN true\n'), true);
  // Emptiness
  for (const p of ['empty/Dockerfile', 'empty/.github/workflows/empty.yml', 'empty/k8s.yaml', 'empty/x.json', 'empty/main.tf', 'empty/run.sh', 'empty/README.md']) add(`0-byte ${p.slice(p.lastIndexOf('/') + 1)}`, p, '', true);
  add('whitespace-only workflow', '.github/workflows/blank.yml', '\n\n   \n', true);
  // Binary and encodings
  add('NULs in a .yaml', 'bin/nul.yaml', Buffer.alloc(4096, 0), true);
  add('binary Dockerfile', 'bin/Dockerfile', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256)), true);
  add('ELF-like .tf', 'bin/main.tf', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.alloc(100, 1)]), true);
  add('invalid UTF-8 YAML', 'enc/bad-utf8.yaml', Buffer.concat([Buffer.from('a: "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]), Buffer.from('"\n')]), true);
  add('UTF-16LE with BOM Dockerfile', 'enc/utf16le/Dockerfile', utf16('# comment\r\n\r\nFROM node\r\n', false), true, { ruleId: 'docker/pin-base-image', line: 3, column: 6 });
  add('UTF-16BE with BOM Dockerfile', 'enc/utf16be/Dockerfile', utf16('# comment\n\nFROM node\n', true), true, { ruleId: 'docker/pin-base-image', line: 3, column: 6 });
  add('UTF-8 BOM Dockerfile', 'enc/utf8bom/Dockerfile', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# c\nFROM node\n')]), true, { ruleId: 'docker/pin-base-image', line: 2, column: 6 });
  add('CRLF Dockerfile', 'crlf/Dockerfile', '# c\r\n\r\nFROM  node\r\n', true, { ruleId: 'docker/pin-base-image', line: 3, column: 7 });
  add('CR-only Dockerfile', 'crlf/cr/Dockerfile', '# c\rFROM node\r', false);
  // Links: loops, dangling, and escapes (targets outside hold findings that must not appear)
  put(outside, 'Dockerfile', UNPINNED);
  put(outside, 'leak.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: outside}\nspec: {containers: [{name: a, image: "nginx:latest"}]}\n');
  mkdirSync(join(root, 'links'), { recursive: true });
  const link = (label: string, path: string, target: string) => {
    symlinkSync(target, join(root, path));
    e.push({ label, path, named: true });
  };
  link('symlink to its own directory', 'links/self', '.');
  link('symlink loop a→b', 'links/loop-a', 'loop-b');
  link('symlink loop b→a', 'links/loop-b', 'loop-a');
  link('dangling symlink', 'links/dangling.yaml', 'does-not-exist.yaml');
  link('symlink to a directory outside the root', 'links/outside-dir', outside);
  link('symlink to a file outside the root', 'links/leak.yaml', join(outside, 'leak.yaml'));
  link('symlink to /etc/passwd', 'links/passwd.yaml', '/etc/passwd');
  symlinkSync('../crlf/Dockerfile', join(root, 'links/inside-Dockerfile'));
  e.push({ label: 'symlink to a file inside the root (audited at its real path, silently)', path: 'links/inside-Dockerfile', named: false });
  // Special files
  mkdirSync(join(root, 'special'), { recursive: true });
  if (spawnSync('mkfifo', [join(root, 'special/pipe.yaml')]).status === 0) e.push({ label: 'FIFO named .yaml', path: 'special/pipe.yaml', named: true });
  // Permissions (as root, reads still succeed: the entries then expect a normal audit)
  add('chmod 000 file', 'perm/secret/Dockerfile', UNPINNED, true);
  chmodSync(join(root, 'perm/secret/Dockerfile'), 0o000);
  add('Dockerfile in a chmod 000 directory', 'perm/locked/Dockerfile', UNPINNED, true);
  chmodSync(join(root, 'perm/locked'), 0o000);
  // Names
  for (const [label, dir] of [
    ['space in a name', 'names/with space'],
    ['newline in a name', 'names/new\nline'],
    ['carriage return and tab in a name', 'names/cr\rtab\t'],
    ['terminal escape in a name', 'names/esc\u001b[31mred'],
    ['non-ASCII name', 'names/ünïcødé-日本語'],
    ['right-to-left override in a name', 'names/rtl\u202egnp.exe'],
    ['URI and shell metacharacters in a name', `names/%20#?&$(id)'"\`;|<>`],
    ['leading dash name', 'names/-rf'],
  ] as const) add(label, `${dir}/Dockerfile`, UNPINNED, true, { ruleId: 'docker/pin-base-image', line: 1, column: 6 });
  return e;
}

/** Files that are valid but huge in one dimension: many findings, documents, jobs, depth, line length. */
export function writeScaleCorpus(root: string): CorpusEntry[] {
  const e: CorpusEntry[] = [];
  const add = (label: string, path: string, content: string) => {
    put(root, path, content);
    e.push({ label, path, named: true });
  };
  add('Dockerfile with 20k unpinned FROM lines', 'many-from/Dockerfile', UNPINNED.repeat(20_000));
  add('1.5k-deep manifest that still parses', 'deep-ok/k8s.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: ${'{a: '.repeat(1500)}1${'}'.repeat(1500)}\n`);
  add('minified 1 MB JSON list of 8k Deployments (one line)', 'minified/list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: 8000 }, (_, i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `x${i}` }, spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx' }] } } } })) }));
  add('YAML stream of 10k Pods', 'stream/pods.yaml', Array.from({ length: 10_000 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec: {containers: [{name: a, image: nginx}]}\n`).join('---\n'));
  add('1 MB RUN line', 'long-line/Dockerfile', `FROM node:20.1.0\nRUN ${'a'.repeat(1_000_000)}\n`);
  add('workflow with 3000 jobs', '.github/workflows/huge.yml', `on: push\njobs:\n${Array.from({ length: 3000 }, (_, i) => `  j${i}:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo \${{ github.event.issue.title }}\n`).join('')}`);
  return e;
}

/** Restore permissions so the temp dir can be removed. */
export function unlockCorpus(root: string): void {
  for (const p of ['perm/locked', 'perm/secret/Dockerfile']) {
    try {
      chmodSync(join(root, p), 0o755);
    } catch {
      /* gone */
    }
  }
}

export const EMPTY_EXTENSIONS = ['.txt', '.py', '.js', '.cfg', '', '.yaml', '.md'];

/** A tree of `count` empty files, 1000 per directory, some with parsed extensions. */
export function writeEmptyFiles(root: string, count: number): void {
  const ext = EMPTY_EXTENSIONS;
  for (let d = 0; d * 1000 < count; d++) {
    const dir = join(root, `d${d}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 1000 && d * 1000 + i < count; i++) closeSync(openSync(join(dir, `f${i}${ext[i % ext.length]}`), 'w'));
  }
}
