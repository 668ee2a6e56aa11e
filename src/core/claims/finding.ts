/** How loudly a finding is reported (the CLI and the editor's names). */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The kinds of disagreement, used as the diagnostic code. */
export type FindingCode =
  | 'number'
  | 'negation'
  | 'modality'
  | 'quantifier'
  | 'procedure'
  | 'direction'
  | 'absolute'
  | 'unsupported'
  | 'drift';

/** The source sentence a finding is measured against. */
export interface FindingSource {
  file: string;
  title: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  snippetId: string;
}

/** One disagreement (or note) about a range of the checked document; positions 1-based, end exclusive. */
export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: FindingCode;
  message: string;
  source?: FindingSource;
  /** The source wording to put in place of the range (the quick fix). */
  replacement?: string;
}
