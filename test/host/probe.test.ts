import * as vscode from 'vscode';
describe('probe', () => {
  it('prints env', async () => {
    console.log('ENV', JSON.stringify(process.env, null, 1));
    console.log('FOLDERS', JSON.stringify(vscode.workspace.workspaceFolders?.map(f => f.uri.toString())));
    const ext = vscode.extensions.getExtension('clinical-writer.clinical-writer');
    console.log('EXT', ext?.extensionUri.toString(), ext?.isActive);
    console.log('DOCS', vscode.workspace.textDocuments.map(d => d.uri.toString()).join(' '));
    console.error('an error line', { a: 1 });
  });
});
