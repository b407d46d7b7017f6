// Error kinds the entry points turn into exit code 2 with a one-line reason.
export class UsageError extends Error {}
export class ConfigError extends Error {}
/** A file the command had to write or read could not be (permissions, full disk, not a directory). */
export class IoError extends Error {}
