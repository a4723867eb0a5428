// What every benchmark prints and keeps: the machine it ran on, its figures as a table,
// and the same figures as JSON in tests/bench/results/<name>.json (ignored by git), so
// docs/performance.md can be updated from a run without copying from a terminal.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH } from '../helpers/browser.ts';

const RESULTS_DIR = path.resolve('tests/bench/results');

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  chromium: string | null;
}

export function machine(): Machine {
  let chromium: string | null = null;
  try {
    chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not installed: the browser benchmarks say so themselves; the others do not need it.
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, chromium };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export type Row = Record<string, string | number | boolean | null>;

/** Prints rows as an aligned table; numbers are rounded to `digits` decimals. */
export function printTable(title: string, rows: readonly Row[], digits = 1): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Array.from(new Set(rows.flatMap((row) => Object.keys(row))));
  const cell = (value: Row[string] | undefined) =>
    value === undefined || value === null ? '–'
    : typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(digits))
    : String(value);
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i].length)));
  const line = (values: string[]) => values.map((value, i) => value.padStart(widths[i])).join('  ');
  console.log(line(columns));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const values of cells) console.log(line(values));
}

/** Writes tests/bench/results/<name>.json with the machine and the time of the run. */
export function writeResults(name: string, results: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  // The load average (1, 5, 15 min) says how busy the shared machine was while this ran.
  const record = { name, ranAt: new Date().toISOString(), machine: machine(), loadAverage: loadavg().map((l) => Number(l.toFixed(2))), results };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  return file;
}

/** The machine line every benchmark starts with. */
export function printMachine(): void {
  const { cores, cpu, node, chromium } = machine();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`machine: ${cores} cores (${cpu}), Node ${node}${chromium ? `, ${chromium}` : ''}; load average ${load}`);
}

/** A process's resident memory in MB and CPU time (user + system) in ms, from /proc. */
export function processUsage(pid: number): { rssMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that
  // ends the command name (which may hold spaces); Linux counts them in 1/100 s.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: rssKb / 1024, cpuMs: cpuTicks * 10 };
}
