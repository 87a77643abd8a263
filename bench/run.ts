/**
 * `npm run bench`: wall time and peak memory of whole `render` processes (the Kafka Connect
 * example and synthetic projects of 10, 100 and 500 services), median of several runs, and the
 * in-process load time of the Kafka example.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProject } from '../src/load/project.js';
import { syntheticProject } from './synthetic.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const child = resolve('bench/child.mjs');

interface Result {
  case: string;
  medianMs: number;
  minMs: number;
  peakRssMb: number;
}

/** `args` may hold `{out}`: replaced by a new output directory for every run (no file is ever unchanged). */
function measure(label: string, cwd: string, args: string[]): Result {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const runArgs = args.map((a) => (a === '{out}' ? join(out, `${label}-${i}`) : a));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [child, ...runArgs], { cwd, encoding: 'utf8' });
    times.push(performance.now() - t0);
    const m = /BENCH (.*)$/m.exec(r.stderr);
    if (!m) throw new Error(`${label}: no report\n${r.stderr}`);
    const rep = JSON.parse(m[1]) as { code: number; maxRssKb: number };
    if (rep.code !== 0) throw new Error(`${label}: exit ${rep.code}`);
    rss = Math.max(rss, rep.maxRssKb);
  }
  times.sort((a, b) => a - b);
  return { case: label, medianMs: round(times[Math.floor(times.length / 2)]), minMs: round(times[0]), peakRssMb: round(rss / 1024) };
}

const round = (n: number) => Math.round(n * 10) / 10;

const results: Result[] = [];
const out = mkdtempSync(join(tmpdir(), 'cx-bench-'));
try {
  const kafka = resolve('examples/kafka-connect');
  results.push(
    measure('kafka-connect', kafka, ['render', '-d', '{out}', '-n', 'kafka-connect', '-f', 'docker-compose.yml', '-f', 'aws.yml', '-f', 'vpc.yml', '--loglevel', 'ERROR']),
  );
  for (const n of [10, 100, 500]) {
    const dir = mkdtempSync(join(tmpdir(), `cx-bench-${n}-`));
    writeFileSync(join(dir, 'docker-compose.yml'), syntheticProject(n));
    results.push(measure(`synthetic-${n}`, dir, ['render', '-d', '{out}', '-n', `bench${n}`, '-f', 'docker-compose.yml', '--loglevel', 'ERROR']));
    rmSync(dir, { recursive: true, force: true });
  }
  const base = measure('node-startup (baseline)', out, ['version']);
  results.push(base);

  const t0 = performance.now();
  loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(kafka, f)), env: {} });
  const first = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 20; i++) loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(kafka, f)), env: {} });
  const warm = (performance.now() - t1) / 20;

  console.log(`render, whole process (${RUNS} runs each, median; ${process.version}, ${process.arch})`);
  console.table(results);
  console.log(`load of the Kafka example in-process: first ${round(first)} ms, warm ${round(warm)} ms`);
  if (process.env.NODE_EXTRA_CA_CERTS) {
    console.log('note: NODE_EXTRA_CA_CERTS is set; Node reads that certificate bundle at every start, which adds to every process above (see the baseline row)');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
