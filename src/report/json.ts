// The JSON report: exactly the contract of DESIGN.md (schemas/audit-report.schema.json).
import type { Reporter } from './index.js';

export const render: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
