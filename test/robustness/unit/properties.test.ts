import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClaimChecker } from '../../../src/core/claims/checker';
import { indexCorpusFiles } from '../../../src/core/corpus';
import { LineIndex } from '../../../src/core/lineIndex';
import { mappedRange } from '../../../src/core/mappedText';
import { SnippetSearch } from '../../../src/core/search';
import { splitSentences } from '../../../src/core/sentences';
import { parseTaxonomy } from '../../../src/core/taxonomy';
import { markdownLayout } from '../../../src/core/textBlocks';
import { removeTitleEchoes } from '../../../src/core/titleEcho';
import { bundledCorpus } from '../../unit/helpers';

// Text made of the pieces that trouble cleaners and splitters: words, punctuation,
// abbreviations, figures, dashes, quotes, odd whitespace and non-Latin script.
const piece = fc.constantFrom(
  'Fusion', 'may', 'help', 'the', 'Spine', 'Care', 'Guide', 'e.g.', 'Dr.', '70-90%', '(TLIF)', '—', '–', '“quoted”', '’s',
  '.', '. ', '? ', '! ', ',', ';', ':', ' ', '  ', '\t', '\n', '\r\n', '\n\n', '\u00a0', '\u200b', '🙂', 'é', 'e\u0301', 'שלום', '1.5', '...',
);
const messyText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(messyText, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));

describe('robustness: properties', () => {
  it('title-echo removal keeps every remaining character at its original offset', () => {
    fc.assert(
      fc.property(messyText, fc.constantFrom('Spine Care Guide', 'The Back Surgury Risks', 'Fusion may'), (line, title) => {
        const cleaned = removeTitleEchoes(mappedRange(line, 0, line.length), title);
        assert.equal(cleaned.offsets.length, cleaned.text.length);
        for (let i = 0; i < cleaned.text.length; i++) assert.equal(line[cleaned.offsets[i]], cleaned.text[i]);
        for (let i = 1; i < cleaned.offsets.length; i++) assert.ok(cleaned.offsets[i] > cleaned.offsets[i - 1]);
      }),
      { numRuns: 400 },
    );
  });

  it('sentence splitting never throws and returns ordered, non-overlapping, faithful sentences', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const sentences = splitSentences(mappedRange(text, 0, text.length));
        let previousEnd = -1;
        for (const s of sentences) {
          assert.ok(s.text.length > 0 && s.text === s.text.trim());
          for (let i = 0; i < s.text.length; i++) assert.equal(text[s.offsets[i]], s.text[i]);
          assert.ok(s.offsets[0] > previousEnd);
          previousEnd = s.offsets[s.offsets.length - 1];
        }
      }),
      { numRuns: 400 },
    );
  });

  it('every snippet of any document sits at its reported position', () => {
    const taxonomy = parseTaxonomy({ procedures: [{ id: 'fusion', aliases: ['fusion'] }], topics: [{ id: 'risks', cues: ['risk'] }] });
    const title = fc.constantFrom('Spine Care Guide', 'Fusion Facts');
    fc.assert(
      fc.property(title, fc.array(fc.tuple(messyText, fc.boolean()), { maxLength: 8 }), fc.constantFrom('txt', 'md'), (t, paragraphs, ext) => {
        const head = ext === 'md' ? `# ${t}\n\n` : `${t}\n`;
        const text = head + paragraphs.map(([p, echo]) => (echo ? `${t} ${p}` : p)).join('\n\n');
        const corpus = indexCorpusFiles([{ file: `/virtual/doc.${ext}`, folder: '/virtual', corpusPath: `doc.${ext}`, text }], taxonomy);
        const index = new LineIndex(text);
        for (const s of corpus.snippets) {
          const start = index.offset({ line: s.source.line, column: s.source.column });
          const end = index.offset({ line: s.source.endLine, column: s.source.endColumn });
          // The snippet is exactly the original span with title echoes (a sentence rejoined across a
          // blank line may span one) and invisible characters dropped, and whitespace collapsed.
          const clean = (x: string) => x.replace(/[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/g, '').replace(/\s+/g, ' ').trim();
          const span = text.slice(start, end);
          // Exactly the snippet, unless a title echo was cut from inside a sentence rejoined across lines:
          // then it still starts and ends at the snippet's ends and holds every word in order.
          if (clean(span) !== s.text) {
            let from = 0;
            for (const word of s.text.split(' ')) {
              const at = clean(span).indexOf(word, from);
              assert.ok(at >= from, `${JSON.stringify(span)} holds ${JSON.stringify(s.text)}`);
              from = at + word.length;
            }
          }
          assert.equal(span[span.length - 1], s.text[s.text.length - 1], 'ends at its last character');
          assert.equal(text.slice(start, start + 1), s.text[0], 'starts at its first character');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('Markdown layout never throws and keeps offsets inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.array(fc.constantFrom('# ', '- ', '> ', '| a | b |\n|---|---|\n', '```\n', '<!-- ', ' -->', '[x](y)', '**', '`', '---\n', '\n'), { maxLength: 40 }).map((a) => a.join(''))), (text) => {
        for (const block of markdownLayout(text).blocks) for (const line of block.lines) for (let i = 0; i < line.text.length; i++) assert.equal(text[line.offsets[i]], line.text[i]);
      }),
      { numRuns: 400 },
    );
  });

  describe('on the bundled corpus', () => {
    let search: SnippetSearch;
    let checker: ClaimChecker;
    before(async () => {
      const corpus = await bundledCorpus();
      search = new SnippetSearch(corpus.snippets, corpus.taxonomy);
      checker = new ClaimChecker(corpus);
    });

    it('search never throws on any string and respects the limit', () => {
      fc.assert(
        fc.property(anyText, fc.integer({ min: 1, max: 30 }), (query, limit) => {
          const results = search.search(query, { limit });
          assert.ok(results.length <= limit);
          for (let i = 1; i < results.length; i++) assert.ok(results[i - 1].score <= results[i].score);
        }),
        { numRuns: 300 },
      );
    });

    it('the checker never throws, keeps ranges in bounds and answers the same twice', () => {
      fc.assert(
        fc.property(anyText, fc.constantFrom<'markdown' | 'text'>('markdown', 'text'), (text, format) => {
          const findings = checker.check(text, format);
          const index = new LineIndex(text);
          for (const f of findings) {
            assert.ok(f.line >= 1 && f.endLine <= index.lineCount && (f.line < f.endLine || f.column <= f.endColumn));
            assert.ok(index.offset({ line: f.endLine, column: f.endColumn }) <= text.length);
          }
          assert.deepEqual(checker.check(text, format), findings);
        }),
        { numRuns: 300 },
      );
    });

    it('a verbatim corpus sentence with noise around it is never flagged', () => {
      const corpusSentence = fc.constantFrom(...checker.corpus.snippets.map((s) => s.text));
      fc.assert(
        fc.property(corpusSentence, fc.constantFrom('', '# Heading\n\n', '- ', '> '), (sentence, prefix) => {
          const warnings = checker.check(prefix + sentence, 'markdown').filter((f) => f.severity === 'warning' || f.severity === 'error');
          assert.deepEqual(warnings, []);
        }),
        { numRuns: 200 },
      );
    });
  });
});
