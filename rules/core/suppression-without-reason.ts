// Reported by the engine itself; this module gives it a place in rules/ and the docs.
import { CORE } from '../../src/audit/core-rules.js';

export default CORE.suppressionReason;
