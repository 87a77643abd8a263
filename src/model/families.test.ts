import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { loadProject } from '../load/project.js';
import { buildFamilies } from './families.js';

function families(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-fam-'));
  writeFileSync(join(dir, 'docker-compose.yml'), yaml);
  const p = loadProject({ files: [join(dir, 'docker-compose.yml')], env: {}, projectName: 't' });
  const bag = new DiagnosticBag();
  const fams = buildFamilies({ doc: p.model, bag });
  return { fams, bag, byName: (n: string) => fams.find((f) => f.name === n)! };
}

describe('families', () => {
  test('services without a label are their own family; the label groups; comma lists copy', () => {
    const { fams, byName } = families(`
services:
  a: {image: x, deploy: {labels: {ecs.task.family: "grp, other"}}}
  b: {image: x, deploy: {labels: {ecs.task.family: grp}}}
  c-d: {image: x}
`);
    assert.deepEqual(fams.map((f) => f.logicalName).sort(), ['cd', 'grp', 'other']);
    assert.deepEqual(byName('grp').services.sort(), ['a', 'b']);
    assert.deepEqual(byName('other').services, ['a']);
    assert.equal(byName('c-d').hostname, 'c-d');
  });

  test('containers are ordered by depends_on, dependencies first', () => {
    const { byName } = families(`
services:
  app: {image: x, depends_on: [mid], deploy: {labels: {ecs.task.family: f}}}
  mid: {image: x, depends_on: [init], deploy: {labels: {ecs.task.family: f}}}
  init: {image: x, deploy: {labels: {ecs.task.family: f, ecs.depends.condition: SUCCESS}}}
`);
    assert.deepEqual(byName('f').services, ['init', 'mid', 'app']);
  });

  test('DependsOn conditions: healthcheck → HEALTHY, label, START; SUCCESS/COMPLETE not essential', () => {
    const { byName } = families(`
services:
  app:
    image: x
    depends_on: [db, init, other, done]
    deploy: {labels: {ecs.task.family: f}}
  db: {image: x, healthcheck: {test: "true"}, deploy: {labels: {ecs.task.family: f}}}
  init: {image: x, deploy: {labels: {ecs.task.family: f, ecs.depends.condition: SUCCESS}}}
  done: {image: x, deploy: {labels: {ecs.task.family: f, ecs.depends.condition: COMPLETE}}}
  other: {image: x}
`);
    const f = byName('f');
    const app = f.containers.find((c) => c.name === 'app')!;
    assert.deepEqual(app.dependsOn, [
      { containerName: 'db', condition: 'HEALTHY' },
      { containerName: 'init', condition: 'SUCCESS' },
      { containerName: 'done', condition: 'COMPLETE' },
    ]);
    assert.deepEqual(f.dependsOnFamilies, ['other']);
    const essential = Object.fromEntries(f.containers.map((c) => [c.name, c.essential]));
    assert.deepEqual(essential, { db: true, init: false, done: false, app: true });
  });

  test('ecs.essential overrides; service_healthy without a healthcheck is an error', () => {
    const { byName, bag } = families(`
services:
  app: {image: x, depends_on: {side: {condition: service_healthy}}, deploy: {labels: {ecs.task.family: f}}}
  side: {image: x, deploy: {labels: {ecs.task.family: f, ecs.essential: "false"}}}
`);
    assert.equal(byName('f').containers.find((c) => c.name === 'side')!.essential, false);
    assert.match(bag.errors.map((e) => e.message).join('\n'), /waits for "side" to be healthy/);
  });

  test('Fargate sizing counts every container, init containers included, and memory can raise CPU', () => {
    const { byName, bag } = families(`
services:
  app: {image: x, deploy: {labels: {ecs.task.family: f}, resources: {reservations: {cpus: "0.25", memory: 4G}}}}
  init: {image: x, deploy: {labels: {ecs.task.family: f, ecs.depends.condition: SUCCESS}, resources: {reservations: {memory: 128M}}}}
`);
    const f = byName('f');
    assert.equal(f.taskCpu, 1024);
    assert.equal(f.taskMemory, 5120);
    assert.ok(bag.warnings.some((w) => w.code === 'CXR2013'));
  });

  test('no resources: 256/512 without a warning; too large is an error', () => {
    const small = families(`services: {a: {image: x}}`);
    assert.equal(small.fams[0].taskCpu, 256);
    assert.equal(small.fams[0].taskMemory, 512);
    assert.equal(small.bag.items.length, 0);
    const big = families(`services: {a: {image: x, deploy: {resources: {limits: {cpus: "32", memory: 10G}}}}}`);
    assert.ok(big.bag.errors.some((e) => e.code === 'CXR1012'));
  });

  test('a task too big for Fargate is reported at the key that holds the value', () => {
    const cpu = families(`services:
  a:
    image: x
    deploy:
      resources:
        limits:
          memory: 1G
          cpus: "32"
`);
    const e = cpu.bag.errors.find((d) => d.code === 'CXR1012');
    assert.equal(e?.path, 'services.a.deploy.resources.limits.cpus');
    assert.deepEqual([e?.pos?.line, e?.pos?.column], [8, 11]);
    const mem = families(`services:
  small: {image: x, mem_limit: 1G}
  big:
    image: x
    deploy: {labels: {ecs.task.family: grp}}
    mem_limit: 200G
  other: {image: x, deploy: {labels: {ecs.task.family: grp}}, cpus: 1}
`);
    const m = mem.bag.errors.find((d) => d.code === 'CXR1012');
    assert.equal(m?.path, 'services.big.mem_limit');
    assert.equal(m?.pos?.line, 6);
  });

  test('replicas: the largest of the family, 1 by default; log retention snaps to an allowed value', () => {
    const { byName } = families(`
services:
  a: {image: x, deploy: {replicas: 2, labels: {ecs.task.family: f}}, x-logging: {RetentionInDays: 40}}
  b: {image: x, deploy: {replicas: 5, labels: {ecs.task.family: f}}}
  c: {image: x}
`);
    assert.equal(byName('f').replicas, 5);
    assert.equal(byName('c').replicas, 1);
    assert.equal(byName('f').logRetentionDays, 30);
    assert.equal(byName('c').logRetentionDays, 30);
  });
});
