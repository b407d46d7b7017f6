// Markdown: headings, links and code blocks with their lines, via markdown-it's block tokens.
// markdown-it is required on first use: imported, it and its entity tables were set up on every
// run, also a pre-commit run on a Dockerfile (≈ 15 ms).
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';

export interface MdHeading {
  level: number;
  text: string;
  line: number;
}
export interface MdLink {
  href: string;
  text: string;
  line: number;
}
export interface MdCodeBlock {
  lang: string;
  content: string;
  line: number;
}
export interface MarkdownFile {
  headings: MdHeading[];
  links: MdLink[];
  codeBlocks: MdCodeBlock[];
  /** Plain text of paragraphs and list items, with their first line. */
  paragraphs: Array<{ text: string; line: number }>;
  errors: [];
}

let md: MarkdownIt | undefined;

export function parseMarkdown(text: string): MarkdownFile {
  md ??= new (createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt)({ html: true, linkify: false });
  const tokens = md.parse(text, {});
  const out: MarkdownFile = { headings: [], links: [], codeBlocks: [], paragraphs: [], errors: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const line = (t.map?.[0] ?? 0) + 1;
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1];
      out.headings.push({ level: Number(t.tag.slice(1)), text: inline?.content.trim() ?? '', line });
    } else if (t.type === 'fence' || t.type === 'code_block') {
      out.codeBlocks.push({ lang: t.info.trim().split(/\s+/)[0] ?? '', content: t.content, line });
    } else if (t.type === 'inline') {
      const parentLine = (t.map?.[0] ?? 0) + 1;
      out.paragraphs.push({ text: t.content, line: parentLine });
      const children = t.children ?? [];
      for (let j = 0; j < children.length; j++) {
        const c = children[j];
        if (c.type === 'link_open') {
          let label = '';
          for (let k = j + 1; k < children.length && children[k].type !== 'link_close'; k++) label += children[k].content;
          out.links.push({ href: c.attrGet('href') ?? '', text: label, line: parentLine });
        }
      }
    }
  }
  return out;
}
