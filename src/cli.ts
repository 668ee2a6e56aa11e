import { promises as fs, existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ClaimChecker, DocumentFormat } from './core/claims/checker';
import { Finding } from './core/claims/finding';
import { Corpus, loadCorpus } from './core/corpus';
import { decodeText } from './core/corpusFiles';
import { SnippetSearch } from './core/search';
import { Snippet } from './core/snippet';

/** Where output goes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

const USAGE = `Usage:
  clinical-check search [--limit N] [--format text|json] QUERY...
  clinical-check snippets [--procedure NAME] [--topic NAME] [--format text|json]
  clinical-check [check] [--format text|json] FILE...

Options:
  --corpus DIR           add a corpus folder (repeatable)
  --no-default-corpus    leave out the bundled corpus
  --format text|json     output format (default text)
  -h, --help             show this help
  --version              show the version

Exit codes: 0 no disagreement, 1 disagreements found, 2 usage error or unreadable input.
`;

class UsageError extends Error {}

/** The bundled corpus folder, next to dist/ (bundle) or two levels up (compiled tests). */
export function bundledCorpusDir(): string {
  for (const candidate of [path.resolve(__dirname, '..', 'corpus'), path.resolve(__dirname, '..', '..', 'corpus')]) {
    if (existsSync(path.join(candidate, 'taxonomy.json'))) return candidate;
  }
  return path.resolve(__dirname, '..', 'corpus');
}

function oneLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}

interface Options {
  command: 'search' | 'snippets' | 'check';
  positionals: string[];
  format: 'text' | 'json';
  limit: number;
  procedure?: string;
  topic?: string;
  corpus: string[];
  defaultCorpus: boolean;
  help: boolean;
  version: boolean;
}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        limit: { type: 'string' },
        format: { type: 'string' },
        procedure: { type: 'string' },
        topic: { type: 'string' },
        corpus: { type: 'string', multiple: true },
        'no-default-corpus': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(oneLine(error));
  }
  const { values, positionals } = parsed;
  const first = positionals[0];
  const command = first === 'search' || first === 'snippets' || first === 'check' ? first : 'check';
  const rest = command === first ? positionals.slice(1) : positionals;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  return {
    command,
    positionals: rest,
    format,
    limit,
    procedure: values.procedure,
    topic: values.topic,
    corpus: values.corpus ?? [],
    defaultCorpus: !values['no-default-corpus'],
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

async function openCorpus(options: Options, io: CliIO): Promise<Corpus> {
  const bundled = bundledCorpusDir();
  const folders = [...(options.defaultCorpus ? [bundled] : []), ...options.corpus.map((dir) => path.resolve(io.cwd, dir))];
  const corpus = await loadCorpus({ folders, taxonomyFile: path.join(bundled, 'taxonomy.json'), parallel: true });
  for (const m of corpus.messages) {
    if (m.level !== 'info') io.stderr(`clinical-check: ${path.relative(io.cwd, m.file) || m.file}: ${m.message}\n`);
  }
  return corpus;
}

function snippetLine(s: Snippet, io: CliIO, score?: number): string {
  const where = `${path.relative(io.cwd, s.source.file)}:${s.source.line}:${s.source.column}`;
  const tags = `[${s.procedures.join(', ')} · ${s.topics.join(', ')}]`;
  return `${score === undefined ? '' : score.toFixed(3) + '  '}${where}: ${s.text} ${tags}\n`;
}

function matchesName(wanted: string, id: string, names: string[]): boolean {
  const norm = (x: string) => x.toLowerCase().replace(/[\s_-]+/g, '');
  return [id, ...names].some((n) => norm(n) === norm(wanted));
}

async function readDocument(file: string, io: CliIO): Promise<{ text: string; format: DocumentFormat }> {
  const absolute = path.resolve(io.cwd, file);
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch {
    throw new Error(`${file}: no such file`);
  }
  if (stat.isDirectory()) throw new Error(`${file}: is a directory, not a file`);
  let bytes;
  try {
    bytes = await fs.readFile(absolute);
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? oneLine(error)})`);
  }
  const decoded = decodeText(bytes);
  if (decoded.text === undefined) throw new Error(`${file}: ${decoded.reason}`);
  return { text: decoded.text, format: /\.(md|markdown)$/i.test(file) ? 'markdown' : 'text' };
}

interface ReportedFinding extends Finding {
  file: string;
}

async function runCheck(options: Options, io: CliIO): Promise<number> {
  if (options.positionals.length === 0) throw new UsageError('no files to check (usage: clinical-check check FILE...)');
  const documents: Array<{ file: string; text: string; format: DocumentFormat }> = [];
  let unreadable = false;
  for (const file of options.positionals) {
    try {
      documents.push({ file, ...(await readDocument(file, io)) });
    } catch (error) {
      io.stderr(`clinical-check: ${oneLine(error)}\n`);
      unreadable = true;
    }
  }
  const checker = new ClaimChecker(await openCorpus(options, io));
  const findings: ReportedFinding[] = [];
  for (const doc of documents) {
    for (const finding of checker.check(doc.text, doc.format)) findings.push({ file: doc.file, ...finding });
  }
  if (options.format === 'json') io.stdout(JSON.stringify(findings, null, 2) + '\n');
  else for (const f of findings) io.stdout(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}\n`);
  if (unreadable) return 2;
  return findings.some((f) => f.severity === 'warning' || f.severity === 'error') ? 1 : 0;
}

async function runSearch(options: Options, io: CliIO): Promise<number> {
  const query = options.positionals.join(' ').trim();
  if (!query) throw new UsageError('no search words (usage: clinical-check search QUERY...)');
  const corpus = await openCorpus(options, io);
  const results = new SnippetSearch(corpus.snippets, corpus.taxonomy).search(query, { limit: options.limit });
  if (options.format === 'json') io.stdout(JSON.stringify(results.map((r) => ({ ...r.snippet, score: r.score })), null, 2) + '\n');
  else for (const r of results) io.stdout(snippetLine(r.snippet, io, r.score));
  return 0;
}

async function runSnippets(options: Options, io: CliIO): Promise<number> {
  if (options.positionals.length > 0) throw new UsageError(`unexpected argument "${options.positionals[0]}" (snippets takes no words; use search)`);
  const corpus = await openCorpus(options, io);
  const { procedure, topic } = options;
  if (procedure && !corpus.taxonomy.procedures.some((p) => matchesName(procedure, p.id, [p.label, ...p.aliases]))) {
    throw new UsageError(`unknown procedure "${procedure}" (known: ${corpus.taxonomy.procedures.map((p) => p.id).join(', ')})`);
  }
  if (topic && !corpus.taxonomy.topics.some((t) => matchesName(topic, t.id, [t.label]))) {
    throw new UsageError(`unknown topic "${topic}" (known: ${corpus.taxonomy.topics.map((t) => t.id).join(', ')})`);
  }
  const snippets = corpus.snippets.filter((s) => {
    const procedureOk = !procedure || s.procedures.some((id) => {
      const entry = corpus.taxonomy.procedures.find((p) => p.id === id);
      return matchesName(procedure, id, entry ? [entry.label, ...entry.aliases] : []);
    });
    const topicOk = !topic || s.topics.some((id) => {
      const entry = corpus.taxonomy.topics.find((t) => t.id === id);
      return matchesName(topic, id, entry ? [entry.label] : []);
    });
    return procedureOk && topicOk;
  });
  if (options.format === 'json') io.stdout(JSON.stringify(snippets, null, 2) + '\n');
  else for (const s of snippets) io.stdout(snippetLine(s, io));
  return 0;
}

/** Runs the command line; resolves to the exit code and never throws. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  try {
    const options = parseOptions(argv);
    if (options.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (options.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (options.command === 'search') return await runSearch(options, io);
    if (options.command === 'snippets') return await runSnippets(options, io);
    return await runCheck(options, io);
  } catch (error) {
    io.stderr(`clinical-check: ${oneLine(error)}\n`);
    if (error instanceof UsageError) io.stderr('Try "clinical-check --help".\n');
    return 2;
  }
}

declare const __CLI_VERSION__: string | undefined;
const VERSION = typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.1.0';

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
