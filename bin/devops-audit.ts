#!/usr/bin/env node
// Unbundled entry (tsc only). `npm run build` replaces dist/bin/devops-audit.js with a one-line import of
// the bundle, dist/bundle/cli/devops-audit.js (scripts/bundle.ts).
import '../src/cli/audit-bin.js';
