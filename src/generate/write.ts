// Minimal writer (to be hardened: conflicts, atomic writes, manifest, dry-run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedFile } from './stack.js';

export function writeFiles(target: string, files: RenderedFile[]): void {
  for (const f of files) {
    const p = join(target, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content, { mode: f.mode ?? 0o644 });
  }
}
