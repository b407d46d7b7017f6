// The classified repository: every file with its kinds, its text read once, and each parsed form
// computed on first use and cached for the run. Rules read artifacts from here, never from disk.
import type { Document } from 'yaml';
import { classify } from './classify.js';
import { decode } from './decode.js';
import { looksBinary, MAX_FILE_BYTES } from './discover.js';
import type { ArtifactKind, ParserName } from './kinds.js';
import { LineIndex } from './line-index.js';
import { parseDockerfile, type DockerfileFile } from './parsers/dockerfile.js';
import { parseHcl, type HclFile } from './parsers/hcl.js';
import { parseJson, type JsonFile } from './parsers/json.js';
import { parseMarkdown, type MarkdownFile } from './parsers/markdown.js';
import { parseShell, type ShellFile } from './parsers/shell.js';
import { parseYaml, toJS, type ParseProblem, type YamlFile } from './parsers/yaml.js';
import type { FileSource } from './sources.js';

/** The parser that reads each kind; kinds not listed are read as text only. */
export const PARSER_OF: Partial<Record<ArtifactKind, ParserName>> = {
  yaml: 'yaml',
  json: 'json',
  dockerfile: 'dockerfile',
  terraform: 'hcl',
  tfvars: 'hcl',
  hcl: 'hcl',
  markdown: 'markdown',
  shell: 'shell',
};

/**
 * Parsed forms kept after a file's own rules ran: repository-wide rules read every Terraform file
 * and every script again (resources across modules, what scripts deploy or roll back), and parsing
 * those twice cost more than keeping them (mvdan/sh is slow; HCL trees are compact JS).
 */
const KEPT_PARSES: ReadonlySet<ParserName> = new Set(['hcl', 'shell']);

export interface ParseFailure {
  parser: ParserName;
  problems: ParseProblem[];
}

export class Artifact {
  private _text?: string;
  private _lines?: LineIndex;
  private readonly cache = new Map<ParserName, unknown>();
  /** Facts rules derive from this file (rules-kit/memo.ts), dropped with the parsed forms. */
  readonly facts = new Map<unknown, unknown>();
  /** Set when the file could not be read or decoded cleanly. */
  readWarning?: string;
  /** Set when the file is too large or binary: listed, never parsed. */
  skipped?: string;

  constructor(
    readonly path: string,
    readonly kinds: ReadonlySet<ArtifactKind>,
    readonly size: number,
    private readonly source: FileSource,
  ) {}

  is(kind: ArtifactKind): boolean {
    return this.kinds.has(kind);
  }

  get text(): string {
    if (this._text === undefined) {
      if (this.size > MAX_FILE_BYTES) {
        this.skipped = `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; not parsed`;
        this._text = '';
      } else {
        try {
          const buf = this.source.read(this.path);
          if (looksBinary(buf)) {
            this.skipped = 'binary content; not parsed';
            this._text = '';
          } else {
            const d = decode(buf);
            this._text = d.text;
            if (d.warning) this.readWarning = d.warning;
          }
        } catch (e) {
          this.skipped = `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
          this._text = '';
        }
      }
    }
    return this._text;
  }

  get lines(): LineIndex {
    this._lines ??= new LineIndex(this.text);
    return this._lines;
  }

  private parsed<T>(name: ParserName, fn: (text: string) => T): T {
    if (!this.cache.has(name)) this.cache.set(name, fn(this.text));
    return this.cache.get(name) as T;
  }

  get yaml(): YamlFile {
    return this.parsed('yaml', parseYaml);
  }
  get json(): JsonFile {
    return this.parsed('json', parseJson);
  }
  get dockerfile(): DockerfileFile {
    return this.parsed('dockerfile', parseDockerfile);
  }
  get hcl(): HclFile {
    return this.parsed('hcl', parseHcl);
  }
  get markdown(): MarkdownFile {
    return this.parsed('markdown', parseMarkdown);
  }
  get shell(): ShellFile {
    return this.parsed('shell', (t) => parseShell(t, this.path));
  }

  /** The parsers this file's kinds need. */
  parsers(): ParserName[] {
    const out = new Set<ParserName>();
    for (const k of this.kinds) {
      const p = PARSER_OF[k];
      if (p) out.add(p);
    }
    return [...out];
  }

  /** Parse with every parser the kinds need; returns the failures (empty when all parsed). */
  parseFailures(): ParseFailure[] {
    if (this.skipped !== undefined) return [];
    const out: ParseFailure[] = [];
    for (const p of this.parsers()) {
      const problems = (this[p] as { errors: ParseProblem[] }).errors;
      if (problems.length) out.push({ parser: p, problems });
    }
    return out;
  }

  /**
   * Drop the parsed forms and derived facts (kept: text, lines, classification). The engine calls
   * this once a file's own rules have run, so a large repository is never all in memory at once;
   * a later reader (a repository-wide rule) parses again.
   */
  release(): void {
    for (const p of this.cache.keys()) if (!KEPT_PARSES.has(p)) this.cache.delete(p);
    this.facts.clear();
    this._docs = undefined;
  }

  /** Every YAML document as plain JS (alias-capped), with its Document for positions. */
  yamlDocs(): Array<{ doc: Document.Parsed; value: unknown }> {
    this._docs ??= this.yaml.docs.filter((d) => d.errors.length === 0).map((doc) => ({ doc, value: toJS(doc) }));
    return this._docs;
  }
  private _docs?: Array<{ doc: Document.Parsed; value: unknown }>;
}

export class Repository {
  readonly artifacts: Artifact[] = [];
  private readonly byPath = new Map<string, Artifact>();
  private readonly byKind = new Map<ArtifactKind, Artifact[]>();
  /** One-line problems that are not findings (unreadable dirs, skipped Helm templates…). */
  readonly warnings: string[] = [];

  constructor(
    readonly root: string,
    readonly source: FileSource,
    /** Every path in the repository, even when only some are audited (partial runs). */
    readonly allPaths: ReadonlySet<string> = new Set(),
  ) {}

  add(path: string, size: number, kinds?: ArtifactKind[]): Artifact {
    // Content-based classification reads the file through the artifact, so the text read for the
    // peek is the text every rule later sees: each file is read once.
    const a = new Artifact(path, new Set<ArtifactKind>(), size, this.source);
    const k = kinds ?? classify(path, () => a.text.slice(0, 8192));
    for (const kind of k) (a.kinds as Set<ArtifactKind>).add(kind);
    this.artifacts.push(a);
    this.byPath.set(path, a);
    for (const kind of k) {
      let list = this.byKind.get(kind);
      if (!list) this.byKind.set(kind, (list = []));
      list.push(a);
    }
    return a;
  }

  get(path: string): Artifact | undefined {
    return this.byPath.get(path);
  }

  /** True if the path exists in the repository (audited or not). */
  exists(path: string): boolean {
    return this.byPath.has(path) || this.allPaths.has(path);
  }

  ofKind(kind: ArtifactKind): Artifact[] {
    return this.byKind.get(kind) ?? [];
  }

  has(kind: ArtifactKind): boolean {
    return (this.byKind.get(kind)?.length ?? 0) > 0;
  }

  kinds(): ArtifactKind[] {
    return [...this.byKind.keys()];
  }
}
