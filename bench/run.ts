/**
 * `npm run bench`: run every bench/*.bench.ts (each exports `run(): Promise<BenchResult[]>`),
 * print a table, and write bench/results.json with the machine and the date. Benchmarks are
 * measured here, never asserted in tests. `npm run bench -- store` runs only matching files.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));

async function main() {
  const filter = process.argv[2];
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const all: (BenchResult & { file: string })[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchResult[]> };
    process.stdout.write(`running ${f}…\n`);
    for (const r of await mod.run()) {
      all.push({ file: f, ...r });
      process.stdout.write(
        `  ${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.goal ? ` (goal ${r.goal})` : ''}${r.note ? ` — ${r.note}` : ''}\n`,
      );
    }
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
  };
  // The date is when the benchmark ran: the one place wall-clock time belongs. A filtered run
  // replaces only the results of the files it ran and keeps the others (each with its date).
  const date = new Date().toISOString();
  const path = join(here, 'results.json');
  const previous = existsSync(path)
    ? (
        JSON.parse(readFileSync(path, 'utf8')) as {
          results: (BenchResult & { file: string; date?: string })[];
        }
      ).results
    : [];
  const kept = previous.filter((r) => !files.includes(r.file));
  const report = { date, machine, results: [...kept, ...all.map((r) => ({ ...r, date }))] };
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
