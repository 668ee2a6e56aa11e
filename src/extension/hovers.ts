import * as vscode from 'vscode';
import { Finding } from '../core/claims/finding';
import { Tagger } from '../core/taxonomy';
import { COMMANDS, Ctx } from './ctx';
import { DIAGNOSTIC_SOURCE, DiagnosticsManager, formatOf } from './diagnostics';
import { readSettings } from './settings';
import { SentenceVerdict } from './verdict';

/** Documents longer than this are explained from a window around the hover, not in full. */
const HOVER_FULL_TEXT = 200_000;
/** Characters either side of the hover in that window (cut at line starts). */
const HOVER_WINDOW = 20_000;
/** Characters either side of the hover searched for a procedure name. */
const MENTION_WINDOW = 300;

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

/**
 * The hover for a checked sentence. `withReason` is false when our diagnostic already
 * shows the same message in this hover, so the writer does not read it twice.
 */
export function verdictMarkdown(v: SentenceVerdict, withReason = true): vscode.MarkdownString {
  const md = newHoverMarkdown();
  const heading =
    v.verdict === 'agrees'
      ? 'agrees with the vetted source'
      : v.verdict === 'unsupported'
        ? 'not supported by the vetted corpus'
        : `disagrees with the vetted source${v.code ? ` (${v.code})` : ''}`;
  md.appendMarkdown(`**Clinical Writer**: ${heading}\n\n`);
  if (v.reason && withReason) {
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
  private tagger: { generation: number; tagger: Tagger } | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly diagnostics: DiagnosticsManager,
  ) {}

  private taggerFor(generation: number, taxonomy: Tagger['taxonomy']): Tagger {
    if (this.tagger?.generation !== generation) this.tagger = { generation, tagger: new Tagger(taxonomy) };
    return this.tagger.tagger;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!readSettings(document).languages.includes(document.languageId)) return undefined;
    const info = this.ctx.corpus.info;
    if (!info || this.ctx.corpus.state === 'loading') return undefined;
    const engine = this.ctx.corpus.engine;

    // Over a procedure name: a short summary from the corpus (the line is cut around the hover: lines can be 1 MB).
    const fullLine = document.lineAt(position.line).text;
    const cut = Math.max(0, position.character - MENTION_WINDOW);
    const line = fullLine.slice(cut, position.character + MENTION_WINDOW);
    const local = position.character - cut;
    const mention = this.taggerFor(info.generation, info.taxonomy)
      .procedureMentions(line)
      .find((m) => local >= m.index && local < m.index + m.length);
    if (mention) {
      const summary = await engine.request('procedureSummary', { id: mention.procedure });
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
        const range = new vscode.Range(position.line, cut + mention.index, position.line, cut + mention.index + mention.length);
        return new vscode.Hover(md, range);
      }
    }

    // Over a sentence: its verdict against the corpus (a large document: a window of whole lines around it).
    const version = document.version;
    let findings: readonly Finding[] = this.diagnostics.result(document.uri)?.findings ?? [];
    let base = 0;
    let text: string;
    if (document.offsetAt(document.lineAt(document.lineCount - 1).range.end) > HOVER_FULL_TEXT) {
      const first = document.positionAt(Math.max(0, document.offsetAt(position) - HOVER_WINDOW)).line;
      const last = document.positionAt(document.offsetAt(position) + HOVER_WINDOW).line;
      const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
      text = document.getText(range);
      base = document.offsetAt(range.start);
      findings = findings.filter((f) => f.line - 1 >= first && f.endLine - 1 <= last).map((f) => ({ ...f, line: f.line - first, endLine: f.endLine - first }));
    } else {
      text = document.getText();
    }
    const verdict = await engine.request('explain', { text, offset: document.offsetAt(position) - base, format: formatOf(document.languageId), findings: [...findings] });
    if (!verdict || token?.isCancellationRequested || document.version !== version) return undefined;
    const shownByDiagnostic = vscode.languages.getDiagnostics(document.uri).some((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(position) && d.message === verdict.reason);
    return new vscode.Hover(verdictMarkdown(verdict, !shownByDiagnostic), new vscode.Range(document.positionAt(base + verdict.start), document.positionAt(base + verdict.end)));
  }
}

export function registerHovers(ctx: Ctx, diagnostics: DiagnosticsManager): vscode.Disposable[] {
  return [vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new ClaimHoverProvider(ctx, diagnostics))];
}
