import { Corpus } from '../corpus';
import { Finding } from './finding';

export type DocumentFormat = 'markdown' | 'text';

/** Checks writers' documents against the vetted corpus. (Placeholder until the claim checker lands.) */
export class ClaimChecker {
  constructor(readonly corpus: Corpus) {}

  check(_text: string, _format: DocumentFormat): Finding[] {
    return [];
  }
}
