// What a run did (or would do, with --dry-run), for people: a tree of files with a mark per
// action, and a one-line count.
import type { FileChange, WriteAction } from './write.js';

const MARK: Record<WriteAction, string> = { create: '+', update: '~', overwrite: '!', skip: '-', unchanged: '=', conflict: 'x' };
const WORDS: Record<WriteAction, [string, string]> = {
  create: ['created', 'to create'],
  update: ['updated', 'to update'],
  overwrite: ['overwritten (backed up)', 'to overwrite (with backup)'],
  skip: ['kept as you changed them', 'to keep as you changed them'],
  unchanged: ['unchanged', 'unchanged'],
  conflict: ['in conflict', 'in conflict'],
};

/** `dir/` then an indented tree; each file with its mark: + create, ~ update, ! overwrite, - keep, = unchanged. */
export function renderTree(root: string, changes: FileChange[]): string {
  const lines = [`${root}/`];
  let prev: string[] = [];
  for (const c of [...changes].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const parts = c.path.split('/');
    const dirs = parts.slice(0, -1);
    let common = 0;
    while (common < dirs.length && common < prev.length && dirs[common] === prev[common]) common++;
    for (let i = common; i < dirs.length; i++) lines.push(`${'  '.repeat(i + 1)}${dirs[i]}/`);
    lines.push(`${MARK[c.action]} ${'  '.repeat(dirs.length)}${parts[parts.length - 1]}`.replace(/^(.) /, (m) => m));
    prev = dirs;
  }
  lines.push('', 'legend: + create  ~ update  ! overwrite (backup kept)  - keep yours  = unchanged  x conflict (yours; --merge keeps it, --force overwrites it)');
  return `${lines.join('\n')}\n`;
}

export function summarize(changes: FileChange[], dryRun: boolean): string {
  const counts = new Map<WriteAction, number>();
  for (const c of changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  const writes = (counts.get('create') ?? 0) + (counts.get('update') ?? 0) + (counts.get('overwrite') ?? 0);
  if (writes === 0 && !counts.get('skip') && !counts.get('conflict')) return `nothing to do: ${changes.length} files already up to date`;
  const order: WriteAction[] = ['create', 'update', 'overwrite', 'skip', 'conflict', 'unchanged'];
  return order
    .filter((a) => counts.get(a))
    .map((a) => `${counts.get(a)} ${WORDS[a][dryRun ? 1 : 0]}`)
    .join(', ');
}
