// A value every copy of a module in this process shares. The launcher's bundle and the command's
// (dist/bin/devops-audit.js, dist/bundle/cli/devops-audit.cjs) each hold their own copy of the
// modules both use, so what they hand each other (the V8 flags set, the start-up read buffer, the
// staged prefetch) lives on the global object under a registered symbol.
export interface ProcessSlot<T> {
  get(): T | undefined;
  set(value: T | undefined): void;
}

export function processSlot<T>(name: string): ProcessSlot<T> {
  const key = Symbol.for(`devops-audit.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return {
    get: () => g[key],
    set: (value) => {
      g[key] = value;
    },
  };
}
