import * as assert from 'node:assert/strict';
import { ClaimChecker, DocumentFormat } from '../../../src/core/claims/checker';
import { Finding } from '../../../src/core/claims/finding';
import { LineIndex } from '../../../src/core/lineIndex';
import { bundledCorpus } from '../../unit/helpers';

const FAITHFUL = 'Spinal fusion may limit spinal flexibility. ';
const WRONG = 'Studies indicate that approximately 20-30% of patients report significant improvement in their symptoms.';

/** Every finding's range lies inside the document and has start ≤ end. */
function assertInBounds(text: string, findings: readonly Finding[]): void {
  const index = new LineIndex(text);
  for (const f of findings) {
    assert.ok(f.line >= 1 && f.line <= index.lineCount, `line ${f.line} of ${index.lineCount}`);
    assert.ok(f.endLine >= f.line && f.endLine <= index.lineCount);
    const start = index.offset({ line: f.line, column: f.column });
    const end = index.offset({ line: f.endLine, column: f.endColumn });
    assert.ok(start <= end, `range ${f.line}:${f.column}-${f.endLine}:${f.endColumn} is reversed`);
    assert.equal(index.position(start).column, f.column, 'start column inside its line');
    assert.equal(index.position(end).column, f.endColumn, 'end column inside its line');
  }
}

// Inputs writers paste: each must be answered (mocha's timeout bounds the time), in bounds, deterministically.
const HOSTILE: Array<[string, DocumentFormat, () => string]> = [
  ['5 MB of Markdown', 'markdown', () => ('## Section\n\n' + FAITHFUL.repeat(20) + '\n\n').repeat(5_500) + WRONG],
  ['a single 1 MB line', 'markdown', () => FAITHFUL.repeat(23_000) + WRONG],
  ['100,000 short lines', 'text', () => 'Short line here\n'.repeat(100_000) + WRONG],
  ['deeply nested lists', 'markdown', () => Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- ${WRONG}`).join('\n')],
  ['a long run of digits', 'text', () => '1'.repeat(200_000) + '. ' + WRONG],
  ['unbalanced brackets', 'markdown', () => '('.repeat(50_000) + '[' .repeat(20_000) + WRONG],
  ['dots and spaces', 'text', () => '. '.repeat(100_000) + WRONG],
  ['stacked negations', 'text', () => 'not '.repeat(20_000) + 'risky. ' + WRONG],
  ['emoji and combining marks', 'markdown', () => '🙂 Fusion 🙂 may help. e\u0301\u0301\u0301 '.repeat(2_000) + WRONG],
  ['right-to-left text', 'text', () => 'הניתוח עשוי לעזור. ניתוח גב. '.repeat(2_000) + WRONG],
  ['NUL bytes', 'text', () => 'Fusion\u0000 may\u0000 help.\u0000\n'.repeat(1_000) + WRONG],
  ['lone surrogates and control characters', 'markdown', () => '\uD800 \uDC00 \u0007\u001b[31m '.repeat(1_000) + WRONG],
  ['an unclosed code fence and comment', 'markdown', () => `${WRONG}\n\n\`\`\`\ncode\n<!-- never closed\n${WRONG}`],
];

describe('robustness: hostile documents through the checker', function () {
  this.timeout(60_000);
  let checker: ClaimChecker;
  before(async () => {
    checker = new ClaimChecker(await bundledCorpus());
  });

  for (const [what, format, make] of HOSTILE) {
    it(`answers ${what}: ranges in bounds, same answer twice`, () => {
      const text = make();
      const first = checker.check(text, format);
      assertInBounds(text, first);
      assert.deepEqual(new ClaimChecker(checker.corpus).check(text, format), first);
    });
  }

  it('still finds the disagreement after a megabyte of noise', () => {
    const text = FAITHFUL.repeat(23_000) + '\n\n' + WRONG;
    const codes = checker.check(text, 'markdown').filter((f) => f.severity === 'warning').map((f) => f.code);
    assert.deepEqual(codes, ['number']);
  });

  it('never flags a verbatim corpus sentence', () => {
    for (const snippet of checker.corpus.snippets) {
      const warnings = checker.check(snippet.text, 'text').filter((f) => f.severity === 'warning' || f.severity === 'error');
      assert.deepEqual(warnings, [], snippet.text);
    }
  });
});
