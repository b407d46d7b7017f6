// Rules, generators and generator parts are found by listing their directories and imported by
// path. The bundled CLIs (scripts/bundle.ts) register their own import of each such module, keyed
// by its path in the package: importing dist/rules/*.js by path from a bundle would load a second
// copy of every module the rule imports, with its own state.
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './schemas.js';

type Loader = () => Promise<unknown>;
let bundled: Map<string, Loader> | undefined;

/**
 * `file` relative to `dir`, with `/`. A file under `dir` is a slice of its path: path.relative,
 * which resolves and normalises both, took ≈ 8 ms for the ~160 rules of a hook run.
 */
export const posixRelative = (dir: string, file: string): string => (file.startsWith(dir + sep) ? file.slice(dir.length + 1) : relative(dir, file)).split(sep).join('/');

/** `rel` (normalised, with `/`) under the normalised directory `dir`, joined without path.join's normalising. */
export const joinUnder = (dir: string, rel: string): string => dir + sep + rel.split('/').join(sep);

/** Key of a module file: its path from the package root, with `/` (`dist/rules/docker/x.js`). */
export const moduleKey = (file: string, root = PACKAGE_ROOT): string => posixRelative(root, file);

export function registerBundledModules(loaders: Record<string, Loader>): void {
  bundled = new Map(Object.entries(loaders));
}

/** The bundled module files under `dir` (absolute, sorted), or undefined when not bundled. */
export function bundledFiles(dir: string): string[] | undefined {
  if (!bundled) return undefined;
  const under = `${moduleKey(dir)}/`;
  return [...bundled.keys()].filter((k) => k.startsWith(under)).map((k) => joinUnder(PACKAGE_ROOT, k)).sort();
}

/** import() of a module file, through the bundle's own copy when the running CLI is bundled. */
export function importByPath<T>(file: string): Promise<T> {
  const load = bundled?.get(moduleKey(file));
  return (load ? load() : import(pathToFileURL(file).href)) as Promise<T>;
}
