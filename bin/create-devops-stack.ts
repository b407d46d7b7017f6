#!/usr/bin/env node
// Unbundled entry (tsc only). `npm run build` replaces dist/bin/create-devops-stack.js with a one-line import of
// the bundle, dist/bundle/cli/create-devops-stack.js (scripts/bundle.ts).
import '../src/cli/create-bin.js';
