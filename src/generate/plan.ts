// A plan is the list of files a stack is made of: each a template plus data, literal content, or
// content derived from the rest of the plan once it is final (the handoff's files-changed.json).
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
  /**
   * Content computed after every other file is rendered and the set of files this run writes is
   * known (files we skip are left out). Derived files may read other files' contents, never each other's.
   */
  derive?: (ctx: DeriveContext) => string;
  /**
   * For a file the user changed (or that we never wrote): compute what to write from its current
   * content instead of refusing, when our change is purely additive (entries added, nothing else
   * touched), e.g. `add service` adding Dependabot entries to an edited dependabot.yml. The file
   * stays the user's (not recorded as ours). `--merge` still leaves it untouched.
   */
  merge?: MergeHook;
}

/** `content`: the current text with our additions (the same text when nothing is missing); `note`: what they are. */
export type MergeHook = (current: string) => { content: string; note: string } | { error: string };

export type PlanPart = (data: TemplateData) => PlannedFile[];

/** `created`: the file did not exist before we first wrote it; `modified`: we overwrote an existing file. */
export type Origin = 'created' | 'modified';

export interface FinalFile {
  path: string;
  origin: Origin;
}

export interface DeriveContext {
  data: TemplateData;
  /** Every file this run leaves as ours, sorted by path: rendered, derived, and `.devops-stack/` records. */
  files: FinalFile[];
  /** Rendered content of a non-derived file in the final set. */
  content(path: string): string | undefined;
}
