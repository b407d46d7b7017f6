// Repository paths ('a/b/c.yml', '/'-separated, relative to the audited root) taken apart.

/** The directory of a path, '' at the root: `a/b/c.yml` → `a/b`. */
export const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Directories containing `file`, nearest first, as prefixes: `a/b/c.yml` → `a/b/`, `a/`, ``. */
export function ancestorDirs(file: string): string[] {
  const out: string[] = [];
  for (let i = file.lastIndexOf('/'); i > 0; i = file.lastIndexOf('/', i - 1)) out.push(file.slice(0, i + 1));
  out.push('');
  return out;
}
