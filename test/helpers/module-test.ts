/**
 * What the tests of a resource module share: a renderer of compose text (with the test VPC and
 * its temporary folders removed after the file's tests), and readers of the rendered resources,
 * task containers and their variables.
 */
import { after } from 'node:test';
import { rmSync } from 'node:fs';
import type { RenderOutput } from '../../src/synth/render.js';
import { renderWithVpc, type ComposeOptions } from './fixtures.js';
import { template } from './render.js';

/** Two services: `api` (port 8080) and `worker`, each its own family. */
export const TWO_SERVICES = `
services:
  api:
    image: nginx
    ports: [8080]
  worker:
    image: nginx
`;

/**
 * Renders compose text followed by the test VPC, with recorded `lookups` besides the VPC's
 * (folders named `tmpPrefix...`, removed after the tests).
 */
export function moduleRenderer(tmpPrefix: string): (compose: string, lookups?: ComposeOptions['lookups']) => RenderOutput {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return (compose, lookups) => renderWithVpc(compose, { name: 'test', tmpPrefix, dirs, lookups });
}

export const resources = (out: RenderOutput, file: string): Record<string, Record<string, any>> => template(out, file).Resources;

export const containers = (out: RenderOutput, family: string): Record<string, any>[] => resources(out, `${family}.json`).EcsTaskDefinition.Properties.ContainerDefinitions;

/** Name → value (or ValueFrom) of a container's Environment or Secrets. */
export const byName = (list: Record<string, any>[] | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map((e) => [e.Name, e.ValueFrom ?? e.Value]));
