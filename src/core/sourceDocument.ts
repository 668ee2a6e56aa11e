import type { parse as ParseYaml } from 'yaml';
import { ProseLayout, TextBlock, markdownLayout, plainTextLayout } from './textBlocks';

export type SourceFormat = 'text' | 'markdown';

/** A corpus file parsed into its title and prose blocks. */
export interface SourceDocument {
  title: string;
  format: SourceFormat;
  blocks: TextBlock[];
  /** Front matter fields of a Markdown source (e.g. source, reviewed). */
  meta: Record<string, unknown>;
}

export function sourceFormat(path: string): SourceFormat | undefined {
  if (/\.txt$/i.test(path)) return 'text';
  if (/\.(md|markdown)$/i.test(path)) return 'markdown';
  return undefined;
}

// Loaded on the first front matter: the yaml package takes about 45 ms to load, which every
// index worker and engine start paid although most corpora have no front matter.
let yamlParse: typeof ParseYaml | undefined;
function parseYaml(text: string): unknown {
  yamlParse ??= (require('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
}

function blockText(block: TextBlock): string {
  return block.lines.map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * `.txt`: line 1 is the title. `.md`: the title comes from front matter
 * `title`, else the first `# heading` (which is then not body text).
 * Throws on malformed front matter.
 */
export function parseSourceDocument(text: string, format: SourceFormat, fallbackTitle: string): SourceDocument {
  if (format === 'text') {
    const firstLine = /^[^\r\n]*/.exec(text)?.[0].trim() ?? '';
    return { title: firstLine || fallbackTitle, format, blocks: plainTextLayout(text, 2).blocks, meta: {} };
  }
  const layout: ProseLayout = markdownLayout(text);
  let meta: Record<string, unknown> = {};
  if (layout.frontMatter !== undefined) {
    let parsed: unknown;
    try {
      parsed = parseYaml(layout.frontMatter);
    } catch (error) {
      throw new Error(`malformed YAML front matter: ${(error as Error).message.split('\n')[0]}`);
    }
    if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new Error('malformed YAML front matter: expected key: value pairs');
    }
    meta = (parsed ?? {}) as Record<string, unknown>;
  }
  let blocks = layout.blocks;
  let title = typeof meta.title === 'string' ? meta.title.trim() : '';
  if (!title) {
    const heading = blocks.find((b) => b.kind === 'heading');
    if (heading) {
      title = blockText(heading);
      blocks = blocks.filter((b) => b !== heading);
    }
  }
  return { title: title || fallbackTitle, format, blocks, meta };
}
