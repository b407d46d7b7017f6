// Error kinds the entry points turn into exit code 2 with a one-line reason.
export class UsageError extends Error {}
export class ConfigError extends Error {}
