// Bundles the extension and the CLI. `--production` minifies, `--watch` rebuilds on change.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'warning',
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' },
  // The engine worker: corpus, search and claim checker off the extension host's thread.
  { ...common, entryPoints: ['src/extension/engineWorker.ts'], outfile: 'dist/engineWorker.js' },
  // Reads and splits a large corpus's documents in batches beside the indexing thread (src/core/parallelIndex.ts).
  { ...common, entryPoints: ['src/core/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
];

async function main() {
  if (watch) {
    for (const options of targets) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[esbuild] watching for changes');
    return;
  }
  await Promise.all(targets.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
