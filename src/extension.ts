import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Clinical Writer', { log: true });
  context.subscriptions.push(output);
  output.info('Clinical Writer activated');
}

export function deactivate(): void {}
