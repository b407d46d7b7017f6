// Fingerprints survive line shifts: rule + file + the finding's own source text (whitespace
// normalised) + message shape, plus an occurrence counter for identical lines in one file.
import { digest } from '../hash.js';

export function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function fingerprint(ruleId: string, file: string, lineText: string, occurrence: number): string {
  return digest('sha256', `${ruleId}\0${file}\0${normalise(lineText)}\0${occurrence}`).slice(0, 32);
}
