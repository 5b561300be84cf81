/**
 * Regenerates every derived file of the repository (STYLE.md: "one command regenerates every
 * derived file, and CI fails when a regenerated file differs from the committed one").
 *
 *   npm run gen         write the files
 *   npm run gen:check   exit 1 (and name the files) when a committed file differs
 *
 * Generators are pure functions repo root → file content; add new ones to GENERATORS.
 */
import * as path from 'node:path';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSchema, OUTPUT_PATH as SCHEMA_PATH } from './gen-schema';

interface Generator {
  /** Path of the generated file, relative to the repository root. */
  path: string;
  generate(repoRoot: string): string;
}

const GENERATORS: Generator[] = [{ path: SCHEMA_PATH, generate: generateSchema }];

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const stale: string[] = [];
  for (const g of GENERATORS) {
    const file = path.join(root, g.path);
    const content = g.generate(root);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (check) {
      stale.push(g.path);
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      console.log(`wrote ${g.path}`);
    }
  }
  if (stale.length) {
    console.error(
      `generated files are out of date (run \`npm run gen\`):\n${stale.map((s) => `  ${s}`).join('\n')}`,
    );
    return 1;
  }
  if (check) console.log('generated files are up to date');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
