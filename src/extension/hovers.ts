import * as vscode from 'vscode';
import { procedureSummary } from '../core/procedureIndex';
import { COMMANDS, Ctx } from './ctx';
import { DiagnosticsManager, formatOf } from './diagnostics';
import { readSettings } from './settings';
import { explainSentence, SentenceVerdict } from './verdict';

/** Only our own commands may run from a hover link; corpus text never becomes a link or HTML. */
export const TRUSTED_HOVER_COMMANDS = [COMMANDS.openSource, COMMANDS.revealProcedure];

/** Corpus text as inert Markdown: markdown syntax escaped by appendText, HTML turned into entities. */
export function appendCorpusText(md: vscode.MarkdownString, text: string): vscode.MarkdownString {
  return md.appendText(text.replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A command URI for one of our commands, with JSON arguments percent-encoded (parentheses too). */
export function commandUri(command: string, args: unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}

export function newHoverMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportHtml = false;
  md.supportThemeIcons = false;
  md.isTrusted = { enabledCommands: [...TRUSTED_HOVER_COMMANDS] };
  return md;
}

export function verdictMarkdown(v: SentenceVerdict): vscode.MarkdownString {
  const md = newHoverMarkdown();
  const heading =
    v.verdict === 'agrees'
      ? 'agrees with the vetted source'
      : v.verdict === 'unsupported'
        ? 'not supported by the vetted corpus'
        : `disagrees with the vetted source${v.code ? ` (${v.code})` : ''}`;
  md.appendMarkdown(`**Clinical Writer**: ${heading}\n\n`);
  if (v.reason) {
    appendCorpusText(md, v.reason);
    md.appendMarkdown('\n\n');
  }
  if (v.source) {
    md.appendMarkdown('Source wording:\n\n> ');
    appendCorpusText(md, v.source.text);
    md.appendMarkdown('\n\n*');
    appendCorpusText(md, v.source.title);
    md.appendMarkdown('* · ');
    const { file, line, column, endLine, endColumn } = v.source;
    md.appendMarkdown(`[Open Source](${commandUri(COMMANDS.openSource, [{ file, line, column, endLine, endColumn }])})`);
  }
  return md;
}

export class ClaimHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly ctx: Ctx,
    private readonly diagnostics: DiagnosticsManager,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!readSettings(document).languages.includes(document.languageId)) return undefined;
    const snapshot = this.ctx.corpus.snapshot;
    if (!snapshot) return undefined;

    // Over a procedure name: a short summary from the corpus.
    const line = document.lineAt(position.line).text;
    const mention = snapshot.tagger
      .procedureMentions(line)
      .find((m) => position.character >= m.index && position.character < m.index + m.length);
    if (mention) {
      const summary = procedureSummary(mention.procedure, snapshot.corpus.snippets, snapshot.corpus.taxonomy);
      if (summary) {
        const md = newHoverMarkdown();
        md.appendMarkdown('**');
        appendCorpusText(md, summary.label);
        md.appendMarkdown('** (vetted corpus)\n\n');
        if (summary.definition) {
          md.appendMarkdown('> ');
          appendCorpusText(md, summary.definition.text);
          md.appendMarkdown('\n\n*');
          appendCorpusText(md, summary.definition.source.title);
          md.appendMarkdown('*\n\n');
        }
        const risks = summary.counts['risks'] ?? 0;
        const benefits = summary.counts['benefits'] ?? 0;
        md.appendMarkdown(`${risks} risk and ${benefits} benefit snippets, ${summary.snippetCount} in all · `);
        md.appendMarkdown(`[Reveal in Procedures view](${commandUri(COMMANDS.revealProcedure, [mention.procedure])})`);
        const range = new vscode.Range(position.line, mention.index, position.line, mention.index + mention.length);
        return new vscode.Hover(md, range);
      }
    }

    // Over a sentence: its verdict against the corpus.
    const findings = this.diagnostics.result(document.uri)?.findings ?? [];
    const text = document.getText();
    const verdict = explainSentence(snapshot, findings, text, document.offsetAt(position), formatOf(document.languageId));
    if (!verdict) return undefined;
    return new vscode.Hover(verdictMarkdown(verdict), new vscode.Range(document.positionAt(verdict.start), document.positionAt(verdict.end)));
  }
}

export function registerHovers(ctx: Ctx, diagnostics: DiagnosticsManager): vscode.Disposable[] {
  return [vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new ClaimHoverProvider(ctx, diagnostics))];
}
