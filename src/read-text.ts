// Reading large files fast, for start-up (the audit's bundle, mvdan-sh, their code caches, the rule
// index):
// - V8 makes a one-byte string from ASCII bytes as they are, while UTF-8 decoding builds a two-byte
//   string (≈ 12 ms for the audit's 1.6 MB bundle on the project's machine). Files we write for
//   speed (the bundle, the rule index) are kept ASCII.
// - The bytes go to one buffer reused from file to file: a fresh buffer per file costs a page fault
//   per 4 KB touched, ≈ 14 ms for the ≈ 6 MB a pre-commit run reads at start on the bench's VMs.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { processSlot } from './process-slot.js';

/** Non-ASCII characters as `\uXXXX`: valid in JSON and in JavaScript strings, identifiers and comments. */
export const asciiEscaped = (text: string): string => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function readText(file: string): string {
  const bytes = readReused(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Shared by the launcher's bundle and the command's. */
const BUFFER = processSlot<Buffer>('read-buffer');

/**
 * A file's bytes, in a buffer the next call overwrites: use them before reading another file (a
 * code cache is consumed when its script is compiled).
 */
export function readReused(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let buf = BUFFER.get();
    if (!buf || buf.length < size) BUFFER.set((buf = Buffer.allocUnsafeSlow(Math.max(size, 4 << 20))));
    let n = 0;
    for (let r; n < size && (r = readSync(fd, buf, n, size - n, n)) > 0; ) n += r;
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
