import { Finding, FindingSource } from '../core/claims/finding';
import { sentenceAt } from '../core/procedureIndex';
import { LineIndex } from '../core/lineIndex';
import { CorpusSnapshot } from './corpusService';

/**
 * What the hover says about one sentence. This adapter is the single place to
 * switch to the claim checker's own per-sentence explanation once it exists;
 * until then it is derived from the findings of the last check and from
 * word-for-word corpus matches.
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
const normalise = (s: string) => s.replace(MARKERS, ' ').normalize('NFC').replace(/\s+/g, ' ').trim();

export function explainSentence(snapshot: CorpusSnapshot, findings: readonly Finding[], text: string, offset: number): SentenceVerdict | undefined {
  const sentence = sentenceAt(text, offset);
  if (!sentence) return undefined;
  const lines = new LineIndex(text);
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
  const match = snapshot.corpus.snippets.find((s) => normalise(s.text) === wanted);
  if (!match) return undefined;
  return {
    start: sentence.start,
    end: sentence.end,
    sentence: sentence.text,
    verdict: 'agrees',
    source: { ...match.source, text: match.text, snippetId: match.id },
  };
}
