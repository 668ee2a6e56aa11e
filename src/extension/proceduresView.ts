import * as vscode from 'vscode';
import { Snippet } from '../core/snippet';
import { COMMANDS, Ctx, VIEW_ID } from './ctx';
import { TreeRoot } from './engineProtocol';
import { appendCorpusText } from './hovers';

/** Most snippets listed under one topic; the rest are a search away. */
export const MAX_TOPIC_SNIPPETS = 1000;

export type ProcedureNode =
  | { kind: 'procedure'; id: string; group: TreeRoot }
  | { kind: 'topic'; id: string; procedure: string; label: string; count: number }
  | { kind: 'snippet'; id: string; procedure: string; topic: string; snippet: Snippet }
  | { kind: 'more'; id: string; procedure: string; topic: string; hidden: number };

/** A sentence shortened for a tree label. */
export function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** Procedure → topic → snippet, rebuilt whenever the corpus is re-indexed; children come from the engine worker. */
export class ProceduresProvider implements vscode.TreeDataProvider<ProcedureNode> {
  private readonly changed = new vscode.EventEmitter<ProcedureNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<ProcedureNode[]> = Promise.resolve([]);
  private readonly nodes = new Map<string, ProcedureNode>();
  private readonly parents = new Map<string, ProcedureNode>();

  constructor(private readonly ctx: Ctx) {
    this.rebuild();
  }

  rebuild(): void {
    this.nodes.clear();
    this.parents.clear();
    const info = this.ctx.corpus.info;
    this.roots = (info ? this.ctx.corpus.engine.request('treeRoots', {}) : Promise.resolve([])).then(
      (groups) =>
        groups.map((group) => {
          const node: ProcedureNode = { kind: 'procedure', id: `p:${group.id}`, group };
          this.nodes.set(node.id, node);
          return node;
        }),
      (error) => {
        this.ctx.output.error(`could not list procedures: ${(error as Error).message}`);
        return [];
      },
    );
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The root node of a procedure id, for reveal. */
  async procedureNode(id: string): Promise<ProcedureNode | undefined> {
    await this.roots;
    return this.nodes.get(`p:${id}`);
  }

  async getChildren(element?: ProcedureNode): Promise<ProcedureNode[]> {
    if (!element) return this.roots;
    let children: ProcedureNode[] = [];
    if (element.kind === 'procedure') {
      children = element.group.topics.map((t) => ({ kind: 'topic', id: `${element.id}/t:${t.id}`, procedure: element.group.id, label: t.label, count: t.count }));
    } else if (element.kind === 'topic') {
      const topic = element.id.slice(element.id.indexOf('/t:') + 3);
      const { snippets, total } = await this.ctx.corpus.engine.request('treeSnippets', { procedure: element.procedure, topic, limit: MAX_TOPIC_SNIPPETS });
      children = snippets.map((s) => ({ kind: 'snippet', id: `${element.id}/s:${s.id}`, procedure: element.procedure, topic: element.id, snippet: s }));
      if (total > snippets.length) children.push({ kind: 'more', id: `${element.id}/more`, procedure: element.procedure, topic: element.id, hidden: total - snippets.length });
    }
    for (const child of children) {
      const known = this.nodes.get(child.id);
      if (known) continue;
      this.nodes.set(child.id, child);
      this.parents.set(child.id, element);
    }
    return children.map((c) => this.nodes.get(c.id)!);
  }

  getParent(element: ProcedureNode): ProcedureNode | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(element: ProcedureNode): vscode.TreeItem {
    if (element.kind === 'procedure') {
      const item = new vscode.TreeItem(element.group.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = element.id;
      item.description = `${element.group.count}`;
      item.tooltip = `${element.group.label}: ${element.group.count} vetted snippets`;
      item.contextValue = 'procedure';
      item.iconPath = new vscode.ThemeIcon('symbol-folder');
      return item;
    }
    if (element.kind === 'topic') {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = element.id;
      item.description = `${element.count}`;
      item.contextValue = 'topic';
      item.iconPath = new vscode.ThemeIcon('tag');
      return item;
    }
    if (element.kind === 'more') {
      const item = new vscode.TreeItem(`${element.hidden} more: search to find them`, vscode.TreeItemCollapsibleState.None);
      item.id = element.id;
      item.contextValue = 'more';
      item.iconPath = new vscode.ThemeIcon('search');
      item.command = { command: COMMANDS.search, title: 'Search Vetted Snippets', arguments: [] };
      return item;
    }
    const s = element.snippet;
    const item = new vscode.TreeItem(shorten(s.text), vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    item.description = s.source.title;
    item.contextValue = 'snippet';
    item.iconPath = new vscode.ThemeIcon('quote');
    // Untrusted, no HTML, corpus text escaped: a tooltip can never run a command.
    const tooltip = new vscode.MarkdownString();
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    appendCorpusText(tooltip, s.text);
    tooltip.appendMarkdown('\n\n---\n\n*');
    appendCorpusText(tooltip, s.source.title);
    tooltip.appendMarkdown('*\n\n');
    appendCorpusText(tooltip, `${s.source.corpusPath}, line ${s.source.line}`);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${s.text} (source: ${s.source.title})` };
    return item;
  }
}

export function registerProceduresView(ctx: Ctx): { provider: ProceduresProvider; disposables: vscode.Disposable[] } {
  const provider = new ProceduresProvider(ctx);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const disposables: vscode.Disposable[] = [
    provider,
    view,
    ctx.corpus.onDidChange(() => provider.rebuild()),
    vscode.commands.registerCommand(COMMANDS.collapseAll, () =>
      vscode.commands.executeCommand(`workbench.actions.treeView.${VIEW_ID}.collapseAll`),
    ),
    vscode.commands.registerCommand(COMMANDS.revealProcedure, async (id: unknown) => {
      const name = typeof id === 'string' ? id : undefined;
      await ctx.corpus.whenIdle();
      const node = name ? await provider.procedureNode(name) : undefined;
      if (!node) {
        void vscode.window.showInformationMessage(`Clinical Writer: no vetted snippets for "${name ?? ''}".`);
        return false;
      }
      await view.reveal(node, { select: true, focus: true, expand: true });
      return true;
    }),
  ];
  return { provider, disposables };
}
