import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertInsideOnDisk, assertSafeRelativePath, printable, realTarget, UnsafePathError } from '../../src/generate/paths.js';

describe('assertSafeRelativePath', () => {
  it.each(['a.txt', '.github/workflows/ci.yml', 'infrastructure/terraform/modules/compute/main.tf', '.agency/handoff/x/devops-automator/plan.md'])('accepts %s', (p) => {
    expect(() => assertSafeRelativePath(p)).not.toThrow();
  });

  it.each([
    ['../x', /"\.\."/],
    ['a/../../x', /"\.\."/],
    ['/etc/passwd', /absolute/],
    ['~/x', /absolute or home/],
    ['C:/x', /absolute/],
    ['a\\..\\x', /backslash/],
    ['a\0b', /NUL/],
    ['a//b', /empty/],
    ['./a', /"\."/],
    ['x'.repeat(300), /longer than/],
    ['dоcs/a.md', /outside/], // Cyrillic "о": a look-alike
    ['a b', /outside/],
    ['a\nb', /outside/],
    ['', /empty/],
  ])('rejects %j', (p, why) => {
    expect(() => assertSafeRelativePath(p)).toThrow(UnsafePathError);
    expect(() => assertSafeRelativePath(p)).toThrow(why);
  });

  it('messages show control and non-ASCII characters escaped, on one line', () => {
    expect(printable('a\nb\u043e')).toBe('"a\\nb\\u043e"');
    expect(printable('x'.repeat(100))).toContain('...(100 chars)');
  });
});

describe('assertSafeRelativePath (property)', () => {
  const piece = fc.constantFrom('..', '.', '', 'a', 'b.txt', '~', '/', '\\', '\0', 'é', 'dоcs', ' ', ':', 'C:', '%2e%2e');
  const pathLike = fc.oneof(fc.string(), fc.array(piece, { maxLength: 8 }).map((xs) => xs.join('/')), fc.array(piece, { maxLength: 8 }).map((xs) => xs.join('')));
  it('whatever is accepted resolves inside the root', () => {
    const root = resolve('/tmp/root');
    fc.assert(
      fc.property(pathLike, (p) => {
        let ok = true;
        try {
          assertSafeRelativePath(p);
        } catch {
          ok = false;
        }
        if (ok) {
          const rel = relative(root, resolve(root, p));
          expect(rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith(sep) || rel === '').toBe(false);
          expect(p).toMatch(/^[A-Za-z0-9._@+\/-]+$/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('assertInsideOnDisk', () => {
  const root = mkdtempSync(join(tmpdir(), 'cds-paths-'));
  const outside = mkdtempSync(join(tmpdir(), 'cds-outside-'));
  mkdirSync(join(root, 'inner'));
  symlinkSync(outside, join(root, 'escape'));
  symlinkSync(join(root, 'inner'), join(root, 'ok-link'));
  symlinkSync(join(root, 'missing'), join(root, 'dangling'));
  const real = realTarget(root);

  it('allows plain and not-yet-existing paths', () => {
    expect(() => assertInsideOnDisk(real, 'inner/a.txt')).not.toThrow();
    expect(() => assertInsideOnDisk(real, 'new/dir/a.txt')).not.toThrow();
  });
  it('allows a symlink that stays inside', () => {
    expect(() => assertInsideOnDisk(real, 'ok-link/a.txt')).not.toThrow();
  });
  it('refuses a symlink pointing outside', () => {
    expect(() => assertInsideOnDisk(real, 'escape/a.txt')).toThrow(/symlink pointing outside/);
  });
  it('refuses a dangling symlink', () => {
    expect(() => assertInsideOnDisk(real, 'dangling/a.txt')).toThrow(/dangling/);
  });
  it('resolves a target that does not exist yet through its existing ancestor', () => {
    expect(realTarget(join(root, 'escape', 'new'))).toBe(join(realTarget(outside), 'new'));
  });
});
