import { describe, expect, it } from 'vitest';
import { applyFixes, unifiedDiff } from '../../src/audit/fix.js';
import type { Finding } from '../../src/audit/types.js';

const f = (edits: Array<{ start: number; end: number; text: string }>) => ({ fix: { description: 'x', edits } }) as unknown as Finding;

describe('fixes', () => {
  it('applies non-overlapping edits and skips overlapping ones', () => {
    const r = applyFixes('ADD a b\nRUN x\n', [f([{ start: 0, end: 3, text: 'COPY' }]), f([{ start: 1, end: 2, text: '?' }]), f([{ start: 12, end: 13, text: 'y' }])]);
    expect(r.text).toBe('COPY a b\nRUN y\n');
    expect([r.applied, r.skipped]).toEqual([2, 1]);
  });

  it('prints a unified diff that patch(1) would read', () => {
    const d = unifiedDiff('Dockerfile', 'FROM a\nADD x /x\nRUN y\n', 'FROM a\nCOPY x /x\nRUN y\n');
    expect(d).toBe('--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM a\n-ADD x /x\n+COPY x /x\n RUN y\n');
    // A last line without a newline carries git's marker.
    expect(unifiedDiff('f', 'a\nb', 'a\nc')).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    expect(unifiedDiff('x', 'same', 'same')).toBe('');
  });
});
