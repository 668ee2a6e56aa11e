import { ClaimChecker, DocumentFormat } from '../core/claims/checker';
import { Finding, FindingSource } from '../core/claims/finding';
import { sentenceAt } from '../core/procedureIndex';
import { LineIndex } from '../core/lineIndex';
import { Snippet } from '../core/snippet';

/** What a verdict needs from the corpus (runs in the engine worker). */
export interface VerdictSources {
  checker: ClaimChecker;
  /** The vetted snippet whose normalised text is this, if any. */
  exactSnippet(normalised: string): Snippet | undefined;
}

/**
 * What the hover says about one sentence: the claim checker's per-sentence
 * verdict (`ClaimChecker.explain`), with editor-side findings (snippet drift,
 * or a host test's stand-in checker) taking precedence. This adapter is the
 * one place that knows the checker's verdict shape.
 */
export interface SentenceVerdict {
  /** Offsets of the sentence in the document text. */
  start: number;
  end: number;
  sentence: string;
  verdict: 'agrees' | 'disagrees' | 'unsupported';
  /** Why it disagrees (the finding's message), when it does. */
  reason?: string;
  /** The kind of disagreement (diagnostic code). */
  code?: string;
  source?: FindingSource;
}

const MARKERS = /<!--[\s\S]*?-->|\[\^[^\]]+\]/g;
export const normalise = (s: string) => s.replace(MARKERS, ' ').normalize('NFC').replace(/\s+/g, ' ').trim();

export function explainSentence(
  snapshot: VerdictSources,
  findings: readonly Finding[],
  text: string,
  offset: number,
  format: DocumentFormat = 'markdown',
): SentenceVerdict | undefined {
  const lines = new LineIndex(text);
  const checked = snapshot.checker.explain(text, format).find((v) => {
    const a = lines.offset({ line: v.line, column: v.column });
    const b = lines.offset({ line: v.endLine, column: v.endColumn });
    return offset >= a && offset <= b;
  });
  if (checked) {
    const start = lines.offset({ line: checked.line, column: checked.column });
    const end = lines.offset({ line: checked.endLine, column: checked.endColumn });
    const own = findings.find((f) => {
      const a = lines.offset({ line: f.line, column: f.column });
      const b = lines.offset({ line: f.endLine, column: f.endColumn });
      return a < end && b > start && f.code !== 'unsupported' && !checked.findings.some((c) => c.code === f.code && c.line === f.line && c.column === f.column);
    });
    const finding = own ?? checked.findings.find((f) => f.code !== 'unsupported') ?? checked.findings[0];
    if (finding) {
      return {
        start,
        end,
        sentence: checked.text,
        verdict: finding.code === 'unsupported' ? 'unsupported' : 'disagrees',
        reason: finding.message,
        code: finding.code,
        source: finding.source ?? checked.source,
      };
    }
    if (checked.verdict === 'agree' && checked.source) return { start, end, sentence: checked.text, verdict: 'agrees', source: checked.source };
    if (checked.verdict === 'unsupported') return { start, end, sentence: checked.text, verdict: 'unsupported', source: checked.source };
  }
  // Outside the checker's sentences (or a weak match): findings and word-for-word matches only.
  const sentence = sentenceAt(text, offset);
  if (!sentence) return undefined;
  const overlapping = findings.filter((f) => {
    const a = lines.offset({ line: f.line, column: f.column });
    const b = lines.offset({ line: f.endLine, column: f.endColumn });
    return a < sentence.end && b > sentence.start;
  });
  const finding = overlapping.find((f) => f.code !== 'unsupported') ?? overlapping[0];
  if (finding) {
    return {
      start: sentence.start,
      end: sentence.end,
      sentence: sentence.text,
      verdict: finding.code === 'unsupported' ? 'unsupported' : 'disagrees',
      reason: finding.message,
      code: finding.code,
      source: finding.source,
    };
  }
  const wanted = normalise(sentence.text);
  if (wanted.length === 0) return undefined;
  const match = snapshot.exactSnippet(wanted);
  if (!match) return undefined;
  return {
    start: sentence.start,
    end: sentence.end,
    sentence: sentence.text,
    verdict: 'agrees',
    source: { ...match.source, text: match.text, snippetId: match.id },
  };
}
