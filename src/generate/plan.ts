// A plan is the list of files a stack is made of: each a template and the data to render it.
// Parts (generators/parts/*.ts) each contribute the files of one area, chosen by the answers.
import type { TemplateData } from './template-data.js';

export interface PlannedFile {
  /** Output path, relative to the target directory, forward slashes. */
  path: string;
  /** Template path relative to templates/ (a `.hbs` file), or omitted when `content` is given. */
  template?: string;
  /** Literal content (JSON records, generated lists). */
  content?: string;
  /** Extra data merged over the template data (e.g. the environment an overlay is for). */
  data?: Record<string, unknown>;
  /** File mode, e.g. 0o755 for scripts. */
  mode?: number;
}

export type PlanPart = (data: TemplateData) => PlannedFile[];
