// .devops-stack/manifest.json: what we wrote, by path, with the sha256 of the content we wrote.
// A later run compares a file on disk with its hash here to tell "ours, unchanged" from
// "changed by the user" (never overwritten without --force).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../version.js';
import type { Origin } from './plan.js';
import { MANIFEST_PATH } from './stack.js';

export interface ManifestEntry {
  sha256: string;
  origin: Origin;
}

export interface Manifest {
  generator: { name: 'create-devops-stack'; version: string };
  files: Record<string, ManifestEntry>;
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function emptyManifest(): Manifest {
  return { generator: { name: 'create-devops-stack', version: VERSION }, files: {} };
}

export class ManifestError extends Error {}

/** The manifest in `root`, or undefined when there is none. A corrupt one is an error, not a reset. */
export function readManifest(root: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, MANIFEST_PATH), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (!m || typeof m.files !== 'object' || m.files === null) throw new Error('no "files" object');
    for (const [p, e] of Object.entries(m.files)) {
      if (typeof e?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) throw new Error(`bad sha256 for ${p}`);
    }
    return m;
  } catch (e) {
    throw new ManifestError(`${MANIFEST_PATH} is corrupt (${(e as Error).message}); fix or delete it`);
  }
}

/** Stable text: sorted paths, so an unchanged stack yields a byte-identical manifest. */
export function serializeManifest(m: Manifest): string {
  const files: Record<string, ManifestEntry> = {};
  for (const p of Object.keys(m.files).sort()) files[p] = { sha256: m.files[p].sha256, origin: m.files[p].origin };
  return `${JSON.stringify({ generator: m.generator, files }, null, 2)}\n`;
}
