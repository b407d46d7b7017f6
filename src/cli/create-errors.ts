// Error → (label, exit code) for create-devops-stack's one-line error output.
import { RefusedError, UsageError } from './create.js';
import { GeneratorError } from '../generate/generators.js';
import { ManifestError } from '../generate/manifest.js';
import { UnsafePathError } from '../generate/paths.js';
import { AnswersError } from '../generate/validate.js';
import { ConflictError, WriteError } from '../generate/write.js';

export function errorKind(e: unknown): { kind: string; code: number } {
  if (e instanceof ConflictError || e instanceof RefusedError) return { kind: 'refused', code: 1 };
  if (e instanceof UsageError || e instanceof GeneratorError) return { kind: 'usage error', code: 2 };
  if (e instanceof AnswersError) return { kind: 'invalid answers', code: 2 };
  if (e instanceof UnsafePathError) return { kind: 'unsafe path', code: 2 };
  if (e instanceof WriteError || e instanceof ManifestError) return { kind: 'write error', code: 2 };
  return { kind: 'internal error', code: 2 };
}
