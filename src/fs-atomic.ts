// Atomic file replacement: write a temp file beside the target, then rename over it, so an
// interrupted run leaves the old content or the new, never half of either. Any failure (full
// disk, short write, permissions) removes the temp file and leaves the target untouched.
import { randomHex } from './hash.js';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, content: string | Buffer, mode?: number): void {
  // 'wx' never follows or reuses something already at the temp path; random, so calls never collide.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomHex(4)}.tmp`);
  let keepMode = mode;
  if (keepMode === undefined) {
    try {
      keepMode = statSync(path).mode & 0o777;
    } catch {
      keepMode = 0o644;
    }
  }
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  const fd = openSync(tmp, 'wx', keepMode);
  let open = true;
  try {
    // writeSync may write less than asked (a disk filling up says so only by the count): loop,
    // so the next call reports the real error instead of a truncated file being renamed in.
    for (let off = 0; off < data.length; ) {
      const n = writeSync(fd, data, off, data.length - off);
      if (n <= 0) throw Object.assign(new Error(`short write to ${tmp}`), { code: 'EIO' });
      off += n;
    }
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    chmodSync(tmp, keepMode);
    renameSync(tmp, path);
  } catch (e) {
    if (open) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}
