// Fingerprints survive line shifts: rule + file + the finding's own source text (whitespace
// normalised) + message shape, plus an occurrence counter for identical lines in one file.
import { createHash } from 'node:crypto';

export function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function fingerprint(ruleId: string, file: string, lineText: string, occurrence: number): string {
  return createHash('sha256')
    .update(`${ruleId}\0${file}\0${normalise(lineText)}\0${occurrence}`)
    .digest('hex')
    .slice(0, 32);
}
