// Where a directory sits in its git repository. Used for --staged (which files are staged under
// the audited directory) and for the formats that code hosts read (SARIF, GitHub annotations,
// GitLab Code Quality), whose paths are relative to the repository root, not the audited dir.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The environment for a git child process run in another directory than ours. Inside a git hook,
 * git exports GIT_INDEX_FILE (and may export GIT_DIR, GIT_WORK_TREE…) relative to the hook's
 * working directory, the top level: run from a subdirectory, git would look for `.git/index`
 * there. Relative paths are made absolute against `cwd`; GIT_DIR without GIT_WORK_TREE means
 * "the work tree is the current directory" to git, so that is made explicit too.
 */
export function gitEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) {
    const v = out[k];
    if (v && !isAbsolute(v)) out[k] = resolve(cwd, v);
  }
  if (out.GIT_DIR && !out.GIT_WORK_TREE) out.GIT_WORK_TREE = cwd;
  return out;
}

/** The top level of the git work tree holding `dir` (real path), or undefined outside git. */
export function gitTopLevel(dir: string, env?: NodeJS.ProcessEnv): string | undefined {
  return dotGitAbove(dir, env ?? process.env) ?? revParseTopLevel(dir, env);
}

/**
 * The nearest directory at or above `dir` holding a `.git` (a directory, or a file in worktrees and
 * submodules): where git's own discovery stops, without a process (a tenth of a pre-commit run).
 * Undefined when the environment steers discovery (GIT_DIR, GIT_WORK_TREE, ceilings…): git decides.
 */
function dotGitAbove(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  if (['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'].some((k) => env[k])) return undefined;
  for (let d = real(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

function revParseTopLevel(dir: string, env?: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, env, encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const top = r.stdout.replace(/\r?\n$/, '');
  return top ? real(top) : undefined;
}

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** `to` relative to `from`, forward slashes; undefined when `to` is not inside `from`. */
export function inside(from: string, to: string): string | undefined {
  const rel = relative(real(from), real(to));
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

export interface SourceRoot {
  /** Absolute directory the paths of SARIF, GitHub and GitLab reports are relative to. */
  dir: string;
  /** The audited root relative to `dir` ('' when they are the same), forward slashes. */
  prefix: string;
  /** What `dir` is, for messages: the git top level, the working directory, or the audited root. */
  kind: 'git' | 'cwd' | 'root';
}

/**
 * The base for repository-relative paths: the git top level when the audited root is inside a
 * work tree (what GitHub code scanning, annotations and GitLab expect), else the working
 * directory when the root is inside it, else the audited root itself.
 */
export function sourceRoot(root: string, cwd: string, env?: NodeJS.ProcessEnv): SourceRoot {
  const top = gitTopLevel(root, env ? gitEnv(cwd, env) : undefined);
  if (top !== undefined) {
    const prefix = inside(top, root);
    if (prefix !== undefined) return { dir: top, prefix, kind: 'git' };
  }
  const prefix = inside(cwd, root);
  if (prefix !== undefined) return { dir: real(cwd), prefix, kind: 'cwd' };
  return { dir: real(root), prefix: '', kind: 'root' };
}

/** A path relative to the audited root, made relative to the source root ('.' is the root itself). */
export function underPrefix(prefix: string, file: string): string {
  if (!prefix) return file;
  return file === '.' || file === '' ? prefix : `${prefix}/${file}`;
}
