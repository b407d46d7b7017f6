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
import { commands as shellCommandsOf, parseShell, type ShellFile } from './parsers/shell.js';
import { parseYaml, plainDocs, type ParseProblem, type YamlFile } from './parsers/yaml.js';
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


/** A simple command of a shell script: literal words (a word with expansions as its source text) and its extent. */
export interface ShellCommandFacts {
  args: string[];
  offset: number;
  end: number;
}

export interface ParseFailure {
  parser: ParserName;
  problems: ParseProblem[];
}

const NO_KINDS: ReadonlySet<ArtifactKind> = new Set();

export class Artifact {
  private _text?: string;
  private _lines?: LineIndex;
  // Both maps exist only while the file is being read: 23,000 empty maps kept ≈ 10 MB at N=200.
  private _cache?: Map<ParserName, unknown>;
  private _facts?: Map<unknown, unknown>;
  private get cache(): Map<ParserName, unknown> {
    return (this._cache ??= new Map());
  }
  /** Facts rules derive from this file (rules-kit/memo.ts), dropped with the parsed forms. */
  get facts(): Map<unknown, unknown> {
    return (this._facts ??= new Map());
  }
  /** Set once the engine has released the file (its own rules have run). */
  released = false;
  /** Set when the file could not be read or decoded cleanly. */
  readWarning?: string;
  /** Set when the file is too large or binary: listed, never parsed. */
  skipped?: string;

  constructor(
    readonly path: string,
    readonly kinds: ReadonlySet<ArtifactKind>,
    readonly size: number,
    private readonly source: FileSource,
    /** The repository's files parsed again after release (kept per run, not across runs). */
    private readonly reread?: Reread,
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
      // Read again after release (a repository-wide reader, a finding's location): dropped again
      // with the least recently read files.
      if (this.released) this.reread?.touch(this);
    }
    return this._text;
  }

  get lines(): LineIndex {
    this._lines ??= new LineIndex(this.text);
    return this._lines;
  }

  private parsed<T>(name: ParserName, fn: (text: string) => T): T {
    if (!this.cache.has(name)) this.cache.set(name, fn(this.text));
    if (this.released) this.reread?.touch(this);
    return this.cache.get(name) as T;
  }

  get yaml(): YamlFile {
    // A valid JSON file's YAML view is its JSON parse's (built without the YAML parser).
    return this.parsed('yaml', (t) => (this.is('json') && !this.json.errors.length ? this.json.yaml : parseYaml(t)));
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
  /**
   * The HCL tree for a reader that keeps only facts derived from it: cached until the file's own
   * rules have run (they read it next), after that a parse for this call only, never kept.
   */
  hclOnce(): HclFile {
    return this.released ? ((this._cache?.get('hcl') as HclFile | undefined) ?? parseHcl(this.text)) : this.hcl;
  }
  /**
   * The YAML tree for a reader that keeps only facts derived from it: the cached tree when this
   * file's rules have it, else a parse for this call only (ahead of the file's turn or after it).
   */
  yamlOnce(): YamlFile {
    return (this._cache?.get('yaml') as YamlFile | undefined) ?? (this.is('json') ? this.yaml : parseYaml(this.text));
  }
  get markdown(): MarkdownFile {
    return this.parsed('markdown', parseMarkdown);
  }
  get shell(): ShellFile {
    return this.parsed('shell', (t) => parseShell(t, this.path));
  }

  /**
   * The simple commands of a shell script (words, offsets): what repository-wide readers need of
   * it (what scripts deploy or roll back). Taken when the file is released, so its tree is not
   * kept, and the script is not parsed again (mvdan-sh parses a 3 KB script in 5–15 ms).
   */
  shellCommands(): ShellCommandFacts[] {
    this._commands ??= shellCommandsOf(this.shell.file, this.text).map((c) => ({ args: c.args, offset: c.offset, end: c.end }));
    return this._commands;
  }
  private _commands?: ShellCommandFacts[];

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
   * Drop the text, the parsed forms and derived facts (kept: classification, a script's
   * commands). The engine calls this once a file's own rules have run, so a large repository is
   * never all in memory at once; a later reader (a repository-wide rule) parses again. Terraform
   * readers keep compact facts of each file (rules-kit/terraform.ts, `hclOnce`).
   */
  release(): void {
    this.released = true;
    if (this._cache?.has('shell')) {
      try {
        this.shellCommands();
      } catch {
        /* read again (and failing the same way) by whoever asks */
      }
    }
    this._cache = undefined;
    this._facts = undefined;
    this._docs = undefined;
    // The text too, unless facts point into it: read again from its source if asked (N=200
    // corpus: ≈ 40 MB of text, and its line index, kept to the end for the few files with findings).
    if (!this.textPinned) {
      this._text = undefined;
      this._lines = undefined;
    }
  }

  /** Keep the text (and its line index) after release: facts kept for the run are spans of it. */
  pinText(): void {
    this.textPinned = true;
  }
  private textPinned = false;

  /** Every YAML document as plain JS (alias-capped), with its Document for positions. */
  yamlDocs(): Array<{ doc: Document.Parsed; value: unknown }> {
    this._docs ??= plainDocs(this.yaml);
    return this._docs;
  }
  private _docs?: Array<{ doc: Document.Parsed; value: unknown }>;
}

/**
 * Files parsed again after their own rules ran (repository-wide rules read them): the most
 * recently read are kept, up to 2 MB of text, the others released again. Kept for the run, the
 * YAML and Markdown trees re-read by repository-wide readers were ~40 MB of the 176 MB still live
 * at the end of an N=50 corpus audit. The cost: a file read by two repository-wide readers far
 * apart is parsed twice (N=50: 1,483 YAML files parsed again instead of 1,023).
 */
class Reread {
  private readonly recent = new Map<Artifact, number>();
  private total = 0;
  constructor(private readonly budget: number) {}
  touch(a: Artifact): void {
    const w = this.recent.get(a);
    if (w !== undefined) {
      this.recent.delete(a);
      this.recent.set(a, w);
      return;
    }
    const weight = a.size;
    this.recent.set(a, weight);
    this.total += weight;
    for (const [old, ow] of this.recent) {
      if (this.total <= this.budget || old === a) break;
      this.recent.delete(old);
      this.total -= ow;
      old.release();
    }
  }
}

export class Repository {
  readonly artifacts: Artifact[] = [];
  private readonly byPath = new Map<string, Artifact>();
  private readonly byKind = new Map<ArtifactKind, Artifact[]>();
  private readonly reread = new Reread(2_000_000);
  private readonly kindSets = new Map<string, ReadonlySet<ArtifactKind>>();
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
    const a = new Artifact(path, NO_KINDS, size, this.source, this.reread);
    const k = kinds ?? classify(path, () => a.text.slice(0, 8192));
    // Files of the same kinds share one set (23,000 sets were ≈ 4 MB at N=200).
    const key = k.join(',');
    let set = this.kindSets.get(key);
    if (!set) this.kindSets.set(key, (set = new Set(k)));
    (a as { kinds: ReadonlySet<ArtifactKind> }).kinds = set;
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
