/**
 * Synthetic compose projects for benchmarks and scale tests: `services` services in
 * families of two (an app and its init sidecar), with ports, environment, resources,
 * healthchecks and a shared volume.
 */
import { stringify } from 'yaml';

export function syntheticProject(services: number): string {
  const doc: Record<string, unknown> = { services: {}, volumes: {} };
  const svcs = doc.services as Record<string, unknown>;
  const vols = doc.volumes as Record<string, unknown>;
  const families = Math.ceil(services / 2);
  for (let f = 0; f < families; f++) {
    const family = `family-${f}`;
    vols[`data${f}`] = {};
    svcs[`app-${f}`] = {
      image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-${f}:1.0.${f}`,
      ports: [`${8000 + (f % 1000)}:${8000 + (f % 1000)}`],
      environment: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`VAR_${i}`, `value-${f}-${i}`])),
      healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost/health'], interval: '30s', retries: 3 },
      volumes: [`data${f}:/data`],
      deploy: {
        replicas: 2,
        resources: { reservations: { cpus: '0.5', memory: '512M' }, limits: { memory: '1G' } },
        labels: { 'ecs.task.family': family },
      },
      ...(f + 1 < families && f % 10 !== 9 ? {} : {}),
    };
    if (2 * f + 1 < services) {
      svcs[`init-${f}`] = {
        image: 'public.ecr.aws/compose-x/ecs-files-composer:latest',
        volumes: [`data${f}:/data`],
        deploy: { labels: { 'ecs.task.family': family, 'ecs.depends.condition': 'SUCCESS' }, resources: { reservations: { memory: '64M' } } },
      };
      (svcs[`app-${f}`] as Record<string, unknown>).depends_on = [`init-${f}`];
    }
  }
  return stringify(doc);
}
