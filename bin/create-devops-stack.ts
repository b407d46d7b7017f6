#!/usr/bin/env node
// Thin entry (minimal version): `create-devops-stack <dir> --yes` writes the default stack.
import { resolve } from 'node:path';
import { defaultAnswers } from '../src/generate/answers.js';
import { renderStack } from '../src/generate/stack.js';
import { writeFiles } from '../src/generate/write.js';

const dir = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 'my-service';
const target = resolve(dir);
const files = await renderStack(defaultAnswers({ name: target.split('/').pop()!.toLowerCase().replace(/[^a-z0-9-]/g, '-') }));
writeFiles(target, files);
process.stdout.write(`wrote ${files.length} files to ${dir}\n`);
