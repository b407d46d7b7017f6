// The NUL-separated file list the harness writes (paths relative to the current directory).
import { readFileSync } from 'node:fs';

export const readList = (file) => readFileSync(file, 'utf8').split('\0').filter(Boolean);
