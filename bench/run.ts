/**
 * `npm run bench`: start-up of whole processes through bin/ (`version`, `render` of the Kafka
 * Connect example) against a bare `node -e 0` measured in the same run, with the goals; wall time
 * and peak memory of whole `render` processes (Kafka Connect, synthetic projects of 10, 100 and
 * 500 services); and the in-process load time of the Kafka example.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
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

/** Whole processes of the installed entry point, interleaved with bare `node -e 0` so both see the same machine load. */
function startup(cases: { label: string; cwd: string; argv: string[] }[]): { label: string; medianMs: number; minMs: number }[] {
  const times = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  for (let i = 0; i < RUNS * 2; i++) {
    for (const c of cases) {
      const argv = c.argv.map((a) => (a === '{out}' ? join(out, `startup-${i}`) : a));
      const t0 = performance.now();
      const r = spawnSync(process.execPath, argv, { cwd: c.cwd, encoding: 'utf8' });
      const dt = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${c.label}: exit ${r.status}\n${r.stderr}`);
      times.get(c.label)!.push(dt);
    }
  }
  return cases.map((c) => {
    const t = times.get(c.label)!.sort((a, b) => a - b);
    return { label: c.label, medianMs: round(t[Math.floor(t.length / 2)]), minMs: round(t[0]) };
  });
}

const results: Result[] = [];
const out = mkdtempSync(join(tmpdir(), 'cx-bench-'));
try {
  const kafka = resolve('examples/kafka-connect');
  const kafkaArgs = ['render', '-d', '{out}', '-n', 'kafka-connect', '-f', 'docker-compose.yml', '-f', 'aws.yml', '-f', 'vpc.yml', '--loglevel', 'ERROR'];
  const bin = resolve('bin/ecs-compose-x.js');
  const start = startup([
    { label: 'node -e 0', cwd: out, argv: ['-e', '0'] },
    { label: 'version', cwd: out, argv: [bin, 'version'] },
    { label: 'render kafka-connect', cwd: kafka, argv: [bin, ...kafkaArgs] },
  ]);
  results.push(measure('kafka-connect', kafka, kafkaArgs));
  for (const n of [10, 100, 500]) {
    const dir = mkdtempSync(join(tmpdir(), `cx-bench-${n}-`));
    writeFileSync(join(dir, 'docker-compose.yml'), syntheticProject(n));
    results.push(measure(`synthetic-${n}`, dir, ['render', '-d', '{out}', '-n', `bench${n}`, '-f', 'docker-compose.yml', '--loglevel', 'ERROR']));
    rmSync(dir, { recursive: true, force: true });
  }

  const t0 = performance.now();
  loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(kafka, f)), env: {} });
  const first = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 20; i++) loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(kafka, f)), env: {} });
  const warm = (performance.now() - t1) / 20;

  const base = start[0].medianMs;
  console.log(`start-up, whole process through bin/ (${RUNS * 2} runs each, interleaved, median; ${process.version}, ${process.arch})`);
  console.table(start.map((r) => ({ ...r, overNodeMs: round(r.medianMs - base), ratio: Math.round((r.medianMs / base) * 100) / 100 })));
  const [, version, render] = start;
  const big = results.find((r) => r.case === 'synthetic-500')!;
  const goal = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`goals: render kafka-connect ≤ node + 60 ms: ${round(render.medianMs - base)} ms (${goal(render.medianMs - base <= 60)}); version ≤ node + 15 ms: ${round(version.medianMs - base)} ms (${goal(version.medianMs - base <= 15)}); 500 services ≤ 1500 ms and 200 MB: ${big.medianMs} ms, ${big.peakRssMb} MB (${goal(big.medianMs <= 1500 && big.peakRssMb <= 200)})`);
  console.log(`\nrender, whole process (${RUNS} runs each, median)`);
  console.table(results);
  console.log(`load of the Kafka example in-process: first ${round(first)} ms, warm ${round(warm)} ms`);
  const [load1] = loadavg();
  if (load1 > availableParallelism()) {
    console.log(`note: load average ${load1.toFixed(1)} on ${availableParallelism()} CPUs: other processes compete for the CPU, so times above are inflated (ratios less so)`);
  }
  if (process.env.NODE_EXTRA_CA_CERTS) {
    console.log('note: NODE_EXTRA_CA_CERTS is set; Node reads that certificate bundle at every start, which adds to every process above (see the node -e 0 row)');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
