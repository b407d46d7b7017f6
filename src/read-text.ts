// Reading a large text file fast: V8 makes a one-byte string from ASCII bytes as they are, while
// UTF-8 decoding builds a two-byte string (≈ 12 ms for the audit's 1.6 MB bundle on the project's
// machine). Files we write for speed (the bundle, the rule index) are kept ASCII.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';

/** Non-ASCII characters as `\uXXXX`: valid in JSON and in JavaScript strings, identifiers and comments. */
export const asciiEscaped = (text: string): string => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function readText(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
