#!/usr/bin/env node
// Scores the claim checker on labelled sentences the way a user runs it: each
// claim is written to its own file and checked through the CLI
// (`bin/clinical-check.js --format json FILE...`, in batches), then findings
// are grouped per file.
//
//   node scripts/eval.js [--data FILE.jsonl]... [--json] [--split parity|none] [--no-holdout]
//
// Default data: ../shared/claims/dev.jsonl (the development set) and
// test/unit/claims/fixtures/holdout.jsonl (our own sanity hold-out), reported
// separately. Exit code 0 when the development set meets the targets, 1 when not.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const TARGETS = { recall: 0.95, falseAlarms: 0.03, unsupportedWarnings: 0.05 };

function parseArgs(argv) {
  const opts = { data: [], json: false, split: 'parity', holdout: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if (a === '--data') opts.data.push(argv[++i]);
    else if (a === '--split') opts.split = argv[++i];
    else if (a === '--no-holdout') opts.holdout = false;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/eval.js [--data FILE.jsonl]... [--json] [--split parity|none] [--no-holdout]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (opts.data.length === 0) {
    opts.data.push(path.resolve(root, '..', 'shared', 'claims', 'dev.jsonl'));
    const holdout = path.join(root, 'test', 'unit', 'claims', 'fixtures', 'holdout.jsonl');
    if (opts.holdout && fs.existsSync(holdout)) opts.data.push(holdout);
  }
  return opts;
}

function readItems(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** Runs the CLI over all items (batched), returning findings per item id. */
function runCli(items) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinical-eval-'));
  const files = items.map((item, i) => {
    const file = path.join(dir, `${String(i).padStart(4, '0')}.txt`);
    fs.writeFileSync(file, item.text + '\n');
    return file;
  });
  const byFile = new Map(files.map((f) => [f, []]));
  const batch = 200;
  let millis = 0;
  for (let i = 0; i < files.length; i += batch) {
    const chunk = files.slice(i, i + batch);
    const started = process.hrtime.bigint();
    let stdout;
    try {
      stdout = execFileSync(process.execPath, [path.join(root, 'bin', 'clinical-check.js'), '--format', 'json', ...chunk], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      if (error.status !== 1) throw error; // 1 = disagreements found
      stdout = error.stdout;
    }
    millis += Number(process.hrtime.bigint() - started) / 1e6;
    for (const f of JSON.parse(stdout)) {
      const abs = path.resolve(dir, f.file);
      if (byFile.has(abs)) byFile.get(abs).push(f);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { findings: files.map((f) => byFile.get(f)), millis };
}

const isWarning = (f) => f.severity === 'warning' || f.severity === 'error';

function score(rows) {
  const disagree = rows.filter((r) => r.label === 'disagree');
  const agree = rows.filter((r) => r.label === 'agree');
  const unsupported = rows.filter((r) => r.label === 'unsupported');
  const caught = disagree.filter((r) => r.warned);
  const kindRight = disagree.filter((r) => r.codes.includes(r.kind));
  const ratio = (a, b) => (b ? a / b : null);
  const kinds = {};
  for (const r of disagree) {
    kinds[r.kind] ??= { n: 0, caught: 0, kindRight: 0 };
    kinds[r.kind].n++;
    if (r.warned) kinds[r.kind].caught++;
    if (r.codes.includes(r.kind)) kinds[r.kind].kindRight++;
  }
  return {
    n: rows.length,
    recall: ratio(caught.length, disagree.length),
    kindAccuracy: ratio(kindRight.length, disagree.length),
    falseAlarms: ratio(agree.filter((r) => r.warned).length, agree.length),
    unsupportedWarnings: ratio(unsupported.filter((r) => r.warned).length, unsupported.length),
    unsupportedNoted: ratio(unsupported.filter((r) => r.codes.includes('unsupported')).length, unsupported.length),
    counts: { disagree: disagree.length, agree: agree.length, unsupported: unsupported.length },
    kinds,
    misses: disagree.filter((r) => !r.warned).map((r) => ({ id: r.id, kind: r.kind, text: r.text })),
    wrongKind: disagree.filter((r) => r.warned && !r.codes.includes(r.kind)).map((r) => ({ id: r.id, kind: r.kind, got: r.codes.filter((c) => c !== 'unsupported') })),
    falseAlarmItems: agree.filter((r) => r.warned).map((r) => ({ id: r.id, kind: r.kind, codes: r.codes, text: r.text })),
    unsupportedWarned: unsupported.filter((r) => r.warned).map((r) => ({ id: r.id, codes: r.codes, text: r.text })),
  };
}

const pct = (x) => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

function table(name, s) {
  const lines = [];
  lines.push(`## ${name} (${s.n} sentences: ${s.counts.disagree} disagree, ${s.counts.agree} agree, ${s.counts.unsupported} unsupported)`);
  lines.push('');
  lines.push('| measure | value | target |');
  lines.push('| --- | --- | --- |');
  lines.push(`| disagree recall | ${pct(s.recall)} | ≥ ${TARGETS.recall * 100}% |`);
  lines.push(`| … with the right kind | ${pct(s.kindAccuracy)} | |`);
  lines.push(`| false alarms on agree | ${pct(s.falseAlarms)} | ≤ ${TARGETS.falseAlarms * 100}% |`);
  lines.push(`| warnings on unsupported | ${pct(s.unsupportedWarnings)} | ≤ ${TARGETS.unsupportedWarnings * 100}% |`);
  lines.push(`| unsupported noted (information) | ${pct(s.unsupportedNoted)} | |`);
  lines.push('');
  lines.push('| kind | n | recall | right kind |');
  lines.push('| --- | --- | --- | --- |');
  for (const kind of Object.keys(s.kinds).sort()) {
    const k = s.kinds[kind];
    lines.push(`| ${kind} | ${k.n} | ${pct(k.caught / k.n)} | ${pct(k.kindRight / k.n)} |`);
  }
  lines.push('');
  if (s.misses.length) {
    lines.push('Missed disagreements:');
    for (const m of s.misses) lines.push(`- ${m.id} [${m.kind}] ${m.text}`);
  }
  if (s.wrongKind.length) {
    lines.push('Caught with another kind:');
    for (const m of s.wrongKind) lines.push(`- ${m.id} [${m.kind}] reported as ${m.got.join(', ')}`);
  }
  if (s.falseAlarmItems.length) {
    lines.push('False alarms:');
    for (const m of s.falseAlarmItems) lines.push(`- ${m.id} [${m.kind}] ${m.codes.join(', ')}: ${m.text}`);
  }
  if (s.unsupportedWarned.length) {
    lines.push('Warnings on unsupported text:');
    for (const m of s.unsupportedWarned) lines.push(`- ${m.id} ${m.codes.join(', ')}: ${m.text}`);
  }
  return lines.join('\n') + '\n';
}

function meets(s) {
  return (s.recall ?? 1) >= TARGETS.recall && (s.falseAlarms ?? 0) <= TARGETS.falseAlarms && (s.unsupportedWarnings ?? 0) <= TARGETS.unsupportedWarnings;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const report = { sets: [] };
  let ok = true;
  for (const file of opts.data) {
    const items = readItems(file);
    const { findings, millis } = runCli(items);
    const rows = items.map((item, i) => ({
      ...item,
      warned: findings[i].some(isWarning),
      codes: [...new Set(findings[i].map((f) => f.code))],
    }));
    const name = path.relative(root, file);
    const set = { file: name, millis: Math.round(millis), all: score(rows) };
    if (opts.split === 'parity') {
      const num = (id) => Number(/(\d+)\s*$/.exec(String(id))?.[1] ?? 0);
      set.odd = score(rows.filter((r) => num(r.id) % 2 === 1));
      set.even = score(rows.filter((r) => num(r.id) % 2 === 0));
    }
    report.sets.push(set);
    if (report.sets.length === 1) ok = meets(set.all);
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    for (const set of report.sets) {
      process.stdout.write(`# ${set.file} (CLI time ${set.millis} ms)\n\n`);
      process.stdout.write(table('all', set.all) + '\n');
      if (set.odd) {
        const brief = (label, s) =>
          `| ${label} | ${s.n} | ${pct(s.recall)} | ${pct(s.falseAlarms)} | ${pct(s.unsupportedWarnings)} | ${pct(s.kindAccuracy)} |`;
        process.stdout.write('Split by id parity (tune on one half, read the other):\n\n');
        process.stdout.write('| half | n | recall | false alarms | unsupported warnings | right kind |\n| --- | --- | --- | --- | --- | --- |\n');
        process.stdout.write(`${brief('odd ids', set.odd)}\n${brief('even ids', set.even)}\n\n`);
      }
    }
    process.stdout.write(ok ? 'Targets met on the development set.\n' : 'Targets NOT met on the development set.\n');
  }
  process.exitCode = ok ? 0 : 1;
}

main();
