// Dockerfile helpers shared by rules/docker/*: build stages with ARG-expanded base images,
// image references, and the shell commands of RUN instructions parsed with a real shell parser.
import type { Instruction, Run, From, Dockerfile } from 'dockerfile-ast';
import type { Artifact } from '../repo/repository.js';
import { commands, parseShell, walk, type ShellCommand } from '../repo/parsers/shell.js';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

export interface ImageRef {
  /** Registry host when the reference names one (`ghcr.io`, `localhost:5000`). */
  registry?: string;
  /** Repository path without registry (`library/node` is given as `node`). */
  repository: string;
  /** Last path segment (`node`, `nodejs20-debian12`). */
  name: string;
  tag?: string;
  digest?: string;
}

// An image reference is a value: a regular expression is fine inside it.
const REF = /^(?<path>[^@\s]+?)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>[a-z0-9]+:[a-fA-F0-9]{32,}))?$/;

/** Parse `registry/path/name:tag@sha256:…`; undefined when it is not an image reference. */
export function parseImageRef(ref: string): ImageRef | undefined {
  const m = REF.exec(ref.trim());
  if (!m?.groups) return undefined;
  const path = m.groups.path;
  const parts = path.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) registry = parts.shift();
  let repository = parts.join('/');
  if (repository.startsWith('library/') && !registry) repository = repository.slice('library/'.length);
  if (!repository || /[A-Z]/.test(repository)) return undefined;
  return { registry, repository, name: parts[parts.length - 1], tag: m.groups.tag, digest: m.groups.digest };
}

/** `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR:+alt}` expansion; unknown variables stay as written. */
export function expandVars(text: string, vars: ReadonlyMap<string, string | undefined>): string {
  return text.replace(/\$(?:\{(\w+)(?::?([-+])([^}]*))?\}|(\w+))/g, (whole, braced: string, op: string, word: string, bare: string) => {
    const name = braced ?? bare;
    const v = vars.get(name);
    if (op === '-') return v ? v : word ?? '';
    if (op === '+') return v ? word ?? '' : '';
    return v !== undefined ? v : whole;
  });
}

export interface Stage {
  index: number;
  from: From;
  /** Alias from `AS name`, lower-cased. */
  name?: string;
  /** The image as written (`${BASE}`). */
  rawImage: string;
  /** The image with global ARG defaults expanded. */
  image: string;
  /** The image reference when the stage starts from a registry image (not `scratch`, not another stage, fully expanded). */
  ref?: ImageRef;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  scratch: boolean;
  /** Instructions of the stage after its FROM. */
  instructions: Instruction[];
}

const stageCache = new WeakMap<Dockerfile, Stage[]>();

/** The build stages of a Dockerfile, in order. */
export function stages(a: Artifact): Stage[] {
  const ast = a.dockerfile.ast;
  let out = stageCache.get(ast);
  if (out) return out;
  out = [];
  const globals = new Map<string, string | undefined>();
  for (const arg of ast.getInitialARGs()) {
    const p = arg.getProperty();
    if (p) globals.set(p.getName(), p.getValue() ?? undefined);
  }
  const byName = new Map<string, Stage>();
  let current: Stage | undefined;
  for (const ins of ast.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const from = ins as From;
      const rawImage = from.getImage() ?? '';
      const image = expandVars(rawImage, globals);
      const parent = byName.get(image.toLowerCase());
      const scratch = image.toLowerCase() === 'scratch';
      const ref = !parent && !scratch && !image.includes('$') ? parseImageRef(image) : undefined;
      const name = from.getBuildStage()?.toLowerCase() ?? undefined;
      current = { index: out.length, from, name, rawImage, image, ref, parent, scratch, instructions: [] };
      out.push(current);
      if (name) byName.set(name, current);
    } else if (current) {
      current.instructions.push(ins);
    }
  }
  stageCache.set(ast, out);
  return out;
}

export function finalStage(a: Artifact): Stage | undefined {
  const s = stages(a);
  return s[s.length - 1];
}

/** The stage chain from the final stage back to its first ancestor (final first). */
export function lineage(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !out.includes(s); s = s.parent) out.push(s);
  return out;
}

/** Instructions of a stage and the stages it is built FROM, latest first is NOT applied: document order, ancestors first. */
export function effectiveInstructions(stage: Stage): Instruction[] {
  return lineage(stage)
    .reverse()
    .flatMap((s) => s.instructions);
}

/** Offset in the file of an LSP position. */
export function offsetOf(a: Artifact, pos: { line: number; character: number }): number {
  return a.lines.offset(pos.line + 1, pos.character + 1);
}

/** A `{offset,length}` for a range, usable as `at`. */
export function spanOf(a: Artifact, range: Range): { offset: number; length: number } {
  const start = offsetOf(a, range.start);
  return { offset: start, length: offsetOf(a, range.end) - start };
}

export function isJsonForm(ins: Instruction): boolean {
  const args = ins.getRawArgumentsContent()?.trim() ?? '';
  return args.startsWith('[') && 'getJSONStrings' in ins && (ins as unknown as { getJSONStrings(): unknown[] }).getJSONStrings().length > 0;
}

/** JSON-form arguments, unquoted. */
export function jsonArgs(ins: Instruction): string[] {
  const strs = (ins as unknown as { getJSONStrings?(): Array<{ getValue(): string }> }).getJSONStrings?.() ?? [];
  return strs.map((s) => {
    const v = s.getValue();
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.replace(/^"|"$/g, '');
    }
  });
}

export interface RunCommand extends ShellCommand {
  run: Instruction;
  /** The command runs inside a `( … )` subshell. */
  inSubshell: boolean;
  /** File span of argument i (the program is 0). */
  word(i: number): { offset: number; length: number };
}

export interface RunScript {
  run: Instruction;
  /** Source text given to the shell parser (same length as the file span it comes from). */
  text: string;
  /** File offset of text[0]. */
  base: number;
  /** Maps an offset in `text` to an offset relative to `base`. */
  map: (o: number) => number;
  commands: RunCommand[];
  /** The shell could not parse it. */
  error?: string;
}

const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', '/usr/bin/env bash', 'ash', 'dash']);
const scriptCache = new WeakMap<Instruction, RunScript[]>();

/**
 * The shell scripts of a RUN (or another shell-form instruction): the arguments after the flags,
 * and each heredoc body that the shell runs. Offsets of the commands are file offsets.
 * Docker's line continuations and comment lines inside them are blanked to keep offsets exact.
 */
export function runScripts(a: Artifact, run: Instruction): RunScript[] {
  let out = scriptCache.get(run);
  if (out) return out;
  out = [];
  scriptCache.set(run, out);
  if (isJsonForm(run)) {
    const args = jsonArgs(run);
    // RUN ["sh", "-c", "script"]: the script is a string; positions point at the instruction.
    if (args.length >= 3 && SHELLS.has(args[0]) && args[1] === '-c') {
      const r = run.getArgumentsRange();
      const base = r ? offsetOf(a, r.start) : 0;
      const parsed = parseShell(args[2]);
      const cmds = commands(parsed.file, args[2]).map((c) => ({ ...c, offset: base, end: base, run, inSubshell: false, word: () => ({ offset: base, length: 0 }) }));
      out.push({ run, text: args[2], base, map: () => 0, commands: cmds, error: parsed.errors[0]?.message });
    }
    return out;
  }
  const range = run.getArgumentsRange();
  if (!range) return out;
  const base = offsetOf(a, range.start);
  const end = offsetOf(a, range.end);
  const escape = a.dockerfile.ast.getEscapeCharacter();
  const heredocs = (run as Run).getHeredocs?.() ?? [];
  const raw = a.text.slice(base, end);
  const pieces: Array<{ text: string; base: number; map?: (o: number) => number }> = [];
  if (heredocs.length) {
    // The first line runs through the shell; heredoc bodies are scripts when given to a shell
    // (or when the line is only the heredoc, which Docker runs with the default shell).
    const firstLine = raw.split('\n')[0];
    const lead = firstLine.replace(/<<-?\s*["']?\w+["']?/g, '').trim();
    pieces.push({ text: blankHeredocBodies(raw), base });
    if (lead === '' || SHELLS.has(lead.split(/\s+/)[0]) || /^(set|sh|bash)\b/.test(lead)) {
      for (const h of heredocs) {
        const cr = h.getContentRange();
        if (!cr) continue;
        const hb = offsetOf(a, cr.start);
        pieces.push({ text: a.text.slice(hb, offsetOf(a, cr.end)), base: hb });
      }
    }
  } else {
    const c = cleanContinuations(raw, escape);
    pieces.push({ text: c.text, base, map: c.map });
  }
  for (const p of pieces) {
    const parsed = parseShell(p.text);
    const m = p.map ?? ((o: number) => o);
    const subshells: Array<[number, number]> = [];
    if (parsed.file) {
      walk(parsed.file, (n) => {
        if (n.type === 'Subshell') subshells.push([n.pos, n.end]);
        return true;
      });
    }
    const cmds = commands(parsed.file, p.text).map((c) => ({
      ...c,
      inSubshell: subshells.some(([a0, b0]) => c.offset > a0 && c.offset < b0),
      offset: m(c.offset) + p.base,
      end: m(c.end) + p.base,
      run,
      word(i: number) {
        const w = c.node.args?.[i];
        if (!w) return { offset: m(c.offset) + p.base, length: 0 };
        const s0 = m(w.pos) + p.base;
        return { offset: s0, length: m(w.end) + p.base - s0 };
      },
    }));
    out.push({ run, text: p.text, base: p.base, map: m, commands: cmds, error: parsed.errors[0]?.message });
  }
  return out;
}

function blankHeredocBodies(raw: string): string {
  // Keep only the first line for the shell: heredoc bodies are data, given back as separate pieces.
  const nl = raw.indexOf('\n');
  return nl < 0 ? raw : raw.slice(0, nl) + raw.slice(nl).replace(/[^\n]/g, ' ');
}

/**
 * Make Docker's continuation syntax plain shell: comment and empty lines inside a continued
 * instruction are dropped (as Docker does), and a non-backslash escape becomes a backslash.
 * Returns the text and a map from text offsets back to offsets in `raw`.
 */
export function cleanContinuations(raw: string, escape: string): { text: string; map: (o: number) => number } {
  const lines = raw.split('\n');
  const segs: Array<{ t: number; r: number }> = [];
  let text = '';
  let r = 0;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const lineStart = r;
    r += line.length + 1;
    if (i > 0 && continued && /^\s*(#.*)?\r?$/.test(line)) continue;
    const trimmed = line.replace(/\s+$/, '');
    continued = trimmed.endsWith(escape);
    if (continued && escape !== '\\') line = line.slice(0, trimmed.length - 1) + '\\' + line.slice(trimmed.length);
    if (i > 0) text += '\n';
    segs.push({ t: text.length, r: lineStart });
    text += line;
  }
  const map = (o: number) => {
    let s = segs[0];
    for (const x of segs) if (x.t <= o) s = x;
    return s ? s.r + (o - s.t) : o;
  };
  return { text, map };
}

/** Every shell command RUN executes in a stage (heredoc bodies included), file offsets. */
export function runCommands(a: Artifact, stage?: Stage): RunCommand[] {
  const ins = stage ? stage.instructions : a.dockerfile.ast.getInstructions();
  return ins.filter((i) => i.getKeyword() === 'RUN').flatMap((r) => runScripts(a, r).flatMap((s) => s.commands));
}

/** The program name of a command, without a leading path or wrapper (`sudo`, `env X=1`, `command`). */
export function programOf(cmd: { args: string[] }): { name: string; args: string[] } {
  let args = cmd.args;
  for (;;) {
    if (!args.length) return { name: '', args: [] };
    const n = args[0].replace(/^.*\//, '');
    if (n === 'sudo' || n === 'command' || n === 'exec' || n === 'nice' || n === 'time') {
      args = args.slice(1).filter((x, i) => !(i === 0 && x.startsWith('-')));
      continue;
    }
    if (n === 'env') {
      let i = 1;
      while (i < args.length && (args[i].includes('=') || args[i].startsWith('-'))) i++;
      args = args.slice(i);
      continue;
    }
    return { name: n, args: args.slice(1) };
  }
}

/** The base-image family of a stage's final image, following stage parents. */
export function rootRef(stage: Stage): ImageRef | undefined {
  let s: Stage | undefined = stage;
  const seen = new Set<Stage>();
  while (s && !seen.has(s)) {
    seen.add(s);
    if (s.ref) return s.ref;
    s = s.parent;
  }
  return undefined;
}

/** Whether a stage (or one it builds on) starts FROM scratch. */
export function rootIsScratch(stage: Stage): boolean {
  return lineage(stage).some((s) => s.scratch);
}

/** The last USER instruction effective in a stage (following parents), or undefined. */
export function lastUser(stage: Stage): Instruction | undefined {
  const users = effectiveInstructions(stage).filter((i) => i.getKeyword() === 'USER');
  return users[users.length - 1];
}

export { type From, type Instruction };

// ---- names that hold secrets (shared by Dockerfile, compose, Kubernetes and Terraform rules) ----

const SECRET_NAME = /(password|passwd|passphrase|(^|_)pass|secret|token|api[-_]?key|apikey|private[-_]?key|access[-_]?key|client[-_]?secret|credentials?|auth[-_]?key|signing[-_]?key|encryption[-_]?key|dsn|connection[-_]?string)$/i;
const NOT_SECRET = /(_file|_path|_dir|_url_file|_name|_id|_length|_ttl|_expiry|_header|_type|_policy|_endpoint|_ref|_arn|_version|_env|_enabled|_rotation)$|^(no_|skip_)|public|^token_?url$/i;

/** True when a variable/key name says it holds a secret (`DB_PASSWORD`, `apiKey`, `GITHUB_TOKEN`), not a pointer to one. */
export function isSecretName(name: string): boolean {
  if (typeof name !== 'string') return false; // YAML may hold a mapping or a number where a name belongs
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return SECRET_NAME.test(n) && !NOT_SECRET.test(n);
}

/** True when a value is a reference, not the secret itself: empty, a variable, a placeholder. */
export function isReferenceValue(v: string): boolean {
  const s = v.trim();
  if (s === '' || /^\$\{?[\w:.-]+\}?$/.test(s) || /^\$\{[^}]+\}$/.test(s)) return true;
  if (/^(changeme|change-me|replace-?me|<[^>]+>|xxx+|\*+|example|dummy|none|null|true|false)$/i.test(s)) return true;
  if (/^\/(run|var\/run)\/secrets\//.test(s) || /^(vault|ssm|secretsmanager|arn|projects\/[^/]+\/secrets):/.test(s)) return true;
  return false;
}

// ---- compose ----

export interface ComposeService {
  name: string;
  /** The service's mapping node. */
  node: import('yaml').YAMLMap;
  key: import('yaml').Scalar;
  value: Record<string, unknown>;
}

/** Services of every compose document, with their YAML nodes. */
export function composeServices(a: Artifact): ComposeService[] {
  const out: ComposeService[] = [];
  for (const { doc, value } of a.yamlDocs()) {
    const services = (value as { services?: Record<string, unknown> } | null)?.services;
    if (!services || typeof services !== 'object') continue;
    const node = doc.get('services', true) as import('yaml').YAMLMap | undefined;
    for (const pair of node?.items ?? []) {
      const key = pair.key as import('yaml').Scalar;
      const name = String(key?.value ?? '');
      const v = services[name];
      if (!v || typeof v !== 'object' || !pair.value || !('items' in (pair.value as object))) continue;
      out.push({ name, node: pair.value as import('yaml').YAMLMap, key, value: v as Record<string, unknown> });
    }
  }
  return out;
}

/** The node of `key` in a service (or the service key itself when absent). */
export function serviceNode(s: ComposeService, ...path: Array<string | number>): import('yaml').Node | import('yaml').Scalar {
  let n: unknown = s.node;
  for (const p of path) {
    const next = (n as { get?(k: unknown, keep: boolean): unknown })?.get?.(p, true);
    if (next === undefined) return s.key;
    n = next;
  }
  return n as import('yaml').Node;
}

// ---- package installs in RUN ----

export interface PackageInstall {
  manager: 'apt-get' | 'apk' | 'pip' | 'npm' | 'yarn' | 'pnpm' | 'gem';
  cmd: RunCommand;
  /** Index in cmd.args of the subcommand (`install`, `add`). */
  subIndex: number;
  packages: Array<{ name: string; pinned: boolean; at: { offset: number; length: number } }>;
  example: string;
}

const VALUE_FLAGS: Record<string, Set<string>> = {
  'apt-get': new Set(['-o', '-t', '--target-release', '-c', '--config-file']),
  apk: new Set(['-t', '--virtual', '-X', '--repository', '--root', '-p', '--arch', '--repositories-file', '--cache-dir', '--keys-dir']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--cache-dir', '--upgrade-strategy', '--src', '--report', '--config-settings', '-C', '--global-option', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert']),
  npm: new Set(['--prefix', '--registry', '--cache', '--userconfig', '--tag', '-C', '--workspace', '-w']),
  yarn: new Set(['--cwd', '--registry', '--cache-folder', '--modules-folder']),
  pnpm: new Set(['--dir', '-C', '--registry', '--filter', '-F']),
  gem: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '--platform', '-P', '--trust-policy']),
};

const EXAMPLES: Record<PackageInstall['manager'], string> = {
  'apt-get': 'NAME=<version> as listed by apt-cache policy',
  apk: 'NAME=<version> as listed by apk policy',
  pip: 'NAME==<version>, or -r requirements.txt',
  npm: 'NAME@<version>, or npm ci from the lock file',
  yarn: 'NAME@<version>',
  pnpm: 'NAME@<version>',
  gem: 'NAME -v <version>',
};

function isLocal(p: string): boolean {
  return p.startsWith('.') || p.startsWith('/') || p.startsWith('$') || p.startsWith('~') || /\.(deb|whl|tar\.gz|tgz|zip|apk|gem)$/.test(p) || /^(git\+|https?:|file:|git:|github:)/.test(p) || p.includes('$');
}

function pinnedAs(manager: PackageInstall['manager'], p: string, next?: string): boolean {
  if (isLocal(p)) return true;
  switch (manager) {
    case 'apt-get':
    case 'apk':
      return /[^=]=[^=]|~=|[<>]=?/.test(p) || p.includes('=');
    case 'pip':
      return /(===?|~=)\s*[\w.*+!-]+/.test(p) || /\s@\s/.test(p) || p.includes('@');
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return /^(@[^/]+\/)?[^@]+@\S+$/.test(p);
    case 'gem':
      return /:\d/.test(p) || next === '-v' || next === '--version';
  }
}

/** Every package installation in the RUN commands of a Dockerfile, with each named package. */
export function packageInstalls(a: Artifact, stage?: Stage): PackageInstall[] {
  const out: PackageInstall[] = [];
  for (const cmd of runCommands(a, stage)) {
    let { name, args } = programOf(cmd);
    if (/^python[\d.]*$/.test(name) && args[0] === '-m' && args[1] === 'pip') {
      name = 'pip';
      args = args.slice(2);
    }
    if (/^pip[\d.]*$/.test(name)) name = 'pip';
    let manager: PackageInstall['manager'] | undefined;
    let sub = -1;
    const find = (...verbs: string[]) => args.findIndex((x) => verbs.includes(x));
    if (name === 'apt-get' || name === 'apt') {
      manager = 'apt-get';
      sub = find('install');
    } else if (name === 'apk') {
      manager = 'apk';
      sub = find('add');
    } else if (name === 'pip') {
      manager = 'pip';
      sub = find('install');
    } else if (name === 'npm') {
      manager = 'npm';
      sub = find('install', 'i', 'add');
    } else if (name === 'yarn') {
      manager = 'yarn';
      sub = args[0] === 'global' ? (args[1] === 'add' ? 1 : -1) : find('add');
    } else if (name === 'pnpm') {
      manager = 'pnpm';
      sub = find('add');
    } else if (name === 'gem') {
      manager = 'gem';
      sub = find('install');
    }
    if (!manager || sub < 0) continue;
    const offsetInArgs = cmd.args.length - args.length;
    const valueFlags = VALUE_FLAGS[manager];
    const packages: PackageInstall['packages'] = [];
    let constrained = false;
    for (let i = sub + 1; i < args.length; i++) {
      const x = args[i];
      if (x.startsWith('-')) {
        if (manager === 'pip' && (x === '-c' || x === '--constraint' || x.startsWith('--constraint='))) constrained = true;
        if (valueFlags.has(x)) {
          if (manager === 'gem' && (x === '-v' || x === '--version')) packages.forEach((p) => (p.pinned = true));
          i++;
        }
        continue;
      }
      if (manager === 'apk' && (args[i - 1] === '--virtual' || args[i - 1] === '-t')) continue;
      packages.push({ name: x, pinned: pinnedAs(manager, x, args[i + 1]), at: cmd.word(offsetInArgs + i) });
    }
    if (constrained) packages.forEach((p) => (p.pinned = true));
    out.push({ manager, cmd, subIndex: offsetInArgs + sub, packages, example: EXAMPLES[manager] });
  }
  return out;
}
