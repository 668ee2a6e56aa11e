import * as vscode from 'vscode';
import { SearchResult } from '../core/search';
import { Snippet } from '../core/snippet';
import { COMMANDS, Ctx } from './ctx';
import { insertSnippet, targetEditor } from './insert';
import { sourceRange, openSource } from './snippetActions';

export interface SnippetQuickPickItem extends vscode.QuickPickItem {
  snippet: Snippet;
}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy' };
const OPEN_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open Source' };

/** Corpus text shown in a QuickPick: no `$(icon)` rendering, one line. */
export function inertLabel(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\(/g, '$\u200b(');
}

/** QuickPick items in our ranking order (alwaysShow: VS Code must not filter them again). */
export function quickPickItems(results: readonly SearchResult[], names: { procedure: (id: string) => string; topic: (id: string) => string }): SnippetQuickPickItem[] {
  return results.map(({ snippet }) => ({
    label: inertLabel(snippet.text),
    description: inertLabel(`${snippet.procedures.map(names.procedure).join(', ') || 'no procedure'} · ${snippet.topics.map(names.topic).join(', ')}`),
    detail: inertLabel(`${snippet.source.title} (${snippet.source.corpusPath}:${snippet.source.line})`),
    alwaysShow: true,
    buttons: [COPY_BUTTON, OPEN_BUTTON],
    snippet,
  }));
}

export const SEARCH_PLACEHOLDER = 'Search vetted snippets: words (typos are fine), @procedure (e.g. @fusion), topic: (e.g. risks:)';

export function registerSearchCommand(ctx: Ctx): vscode.Disposable[] {
  const itemsFor = async (query: string): Promise<SnippetQuickPickItem[]> => {
    const info = ctx.corpus.info;
    if (!info) return [];
    const { taxonomy } = info;
    const names = {
      procedure: (id: string) => taxonomy.procedures.find((p) => p.id === id)?.label ?? id,
      topic: (id: string) => taxonomy.topics.find((t) => t.id === id)?.label ?? id,
    };
    let results: SearchResult[] = [];
    try {
      results = await ctx.corpus.engine.request('search', { query, limit: 50 });
    } catch (error) {
      ctx.output.error(`search failed for ${JSON.stringify(query)}: ${(error as Error).message}`);
    }
    return quickPickItems(results, names);
  };

  return [
    vscode.commands.registerCommand(COMMANDS.search, async (initialQuery?: unknown) => {
      const editor = targetEditor();
      const pick = vscode.window.createQuickPick<SnippetQuickPickItem>();
      pick.title = 'Clinical Writer: Search Vetted Snippets';
      pick.placeholder = SEARCH_PLACEHOLDER;
      pick.matchOnDescription = true;
      pick.matchOnDetail = true;
      // Keep fuse.js's ranking: VS Code would otherwise re-sort items by label match (the setter exists at runtime).
      (pick as unknown as { sortByLabel: boolean }).sortByLabel = false;
      // Answers come from the engine worker; only the newest query's answer is shown.
      let asked = 0;
      let shown = 0;
      const update = async (value: string) => {
        const ticket = ++asked;
        pick.busy = true;
        const items = await itemsFor(value);
        if (ticket < shown) return;
        shown = ticket;
        pick.items = items;
        if (ticket === asked) pick.busy = false;
      };
      pick.onDidChangeValue((value) => void update(value));
      if (typeof initialQuery === 'string') pick.value = initialQuery;
      if (!ctx.corpus.info || ctx.corpus.state === 'loading') {
        // Indexing: show the QuickPick now (busy, with a placeholder that says so), results once the corpus is ready.
        pick.busy = true;
        pick.placeholder = 'Indexing the vetted corpus…';
        pick.show();
        await ctx.corpus.whenIdle();
        pick.placeholder = SEARCH_PLACEHOLDER;
      }
      const first = update(pick.value);
      // With a query given, the first answer is in place before Enter can accept it.
      if (typeof initialQuery === 'string') await first;
      return new Promise<boolean>((resolve) => {
        let done = false;
        const finish = (value: boolean) => {
          if (!done) {
            done = true;
            resolve(value);
          }
          pick.hide();
        };
        pick.onDidTriggerItemButton(async ({ button, item }) => {
          if (button === COPY_BUTTON) {
            await vscode.env.clipboard.writeText(item.snippet.text);
            vscode.window.setStatusBarMessage('$(copy) Vetted snippet copied', 2500);
            finish(true);
          } else {
            finish(false);
            await openSource(item.snippet.source.file, sourceRange(item.snippet.source));
          }
        });
        let accepted = false;
        pick.onDidAccept(async () => {
          const item = pick.selectedItems[0] ?? pick.activeItems[0];
          if (!item || accepted) return;
          accepted = true; // hiding fires onDidHide: it must not settle the command before the insert
          pick.hide();
          const ok = await insertSnippet(ctx, item.snippet, { editor: editor && !editor.document.isClosed ? editor : undefined });
          finish(ok);
        });
        pick.onDidHide(() => {
          if (!accepted) finish(false);
          pick.dispose();
        });
        pick.show();
      });
    }),
  ];
}
