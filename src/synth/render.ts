/**
 * render: a pure function of (resolved compose project, recorded lookups) → the files of the
 * output directory. Root template with one nested stack per family and per module; every
 * template is checked against CloudFormation's limits before anything is written.
 */
import { DiagnosticBag, UserError, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CfnValue } from '../cfn/intrinsics.js';
import { checkLimits } from '../cfn/limits.js';
import { referencedIds } from '../cfn/references.js';
import { toJson, toYaml } from '../cfn/serialize.js';
import type { Mapping } from '../load/positions.js';
import type { RecordedLookups } from '../lookups/recorded.js';
import { buildFamilies } from '../model/families.js';
import { VERSION } from '../version.js';
import type { Extension, NetworkInfo, RenderContext } from './context.js';
import { FamilyStack } from './family.js';
import { NestedStack, StackBuilder } from './stack.js';
import type { TagSet } from './tags.js';
import { projectTags } from './project-tags.js';
import { clusterPlatform, resolveCluster } from './cluster.js';
import { finishCluster } from './ec2-capacity.js';
import { resolveNetwork } from './network.js';

export interface RenderInput {
  doc: Mapping;
  stackName: string;
  lookups: RecordedLookups;
  format: 'json' | 'yaml';
  /** Extensions to apply, in order (src/extensions/index.ts: `loadExtensions(doc)`). */
  extensions: readonly Extension[];
}

export interface RenderOutput {
  /** File name → content, in a stable order. */
  files: Map<string, string>;
  warnings: Diagnostic[];
}

export function render(input: RenderInput): RenderOutput {
  const bag = new DiagnosticBag();
  const tags: TagSet = projectTags(input.doc, input.stackName, bag);
  const root = new StackBuilder('root', 'Root template generated via ECS ComposeX', tags);
  root.template.setMetadata('Type', 'ComposeX');
  root.template.setMetadata('Properties', { Version: VERSION });
  const stacks = new Map<string, NestedStack>();
  const cluster = resolveCluster(input.doc, input.lookups, root, bag);
  const families = buildFamilies({ doc: input.doc, bag, defaultPlatform: clusterPlatform(cluster) });
  bag.throwIfErrors();

  const network: NetworkInfo = resolveNetwork(input.doc, families, input.lookups, tags, stacks, bag);
  finishCluster(root, cluster, families, network, input.doc, bag);
  bag.throwIfErrors();

  const familyStacks = new Map<string, FamilyStack>();
  for (const f of families) {
    familyStacks.set(
      f.logicalName,
      new FamilyStack(f, tags, {
        cluster: cluster.identifier,
        vpcId: network.vpcId,
        subnets: network.subnets,
        useCapacityProviders: cluster.useCapacityProviders,
      }),
    );
  }
  if (cluster.providersResource) for (const fs of familyStacks.values()) fs.dependsOn.add(cluster.providersResource);
  const byService = new Map<string, FamilyStack[]>();
  for (const fs of familyStacks.values()) {
    for (const s of fs.family.services) byService.set(s, [...(byService.get(s) ?? []), fs]);
  }
  const ctx: RenderContext = {
    stackName: input.stackName,
    doc: input.doc,
    bag,
    tags,
    lookups: input.lookups,
    root,
    stacks,
    families: familyStacks,
    network,
    cluster,
    familiesOf: (s) => byService.get(s) ?? [],
  };
  for (const ext of input.extensions) ext.apply(ctx);
  bag.throwIfErrors();

  for (const fs of familyStacks.values()) {
    fs.finalize();
    for (const other of fs.family.dependsOnFamilies) fs.dependsOn.add(other);
  }

  const ext = input.format === 'yaml' ? 'yaml' : 'json';
  const serialize = input.format === 'yaml' ? toYaml : toJson;
  const files = new Map<string, string>();
  const nested = [...stacks.values(), ...familyStacks.values()];
  for (const s of nested) {
    const parameters: Record<string, CfnValue> = {};
    for (const [k, v] of s.inputs) parameters[k] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    // A GetAtt/Ref in the parameters already orders the stacks; list only the other dependencies.
    const implied = referencedIds(parameters);
    const dependsOn = [...s.dependsOn].filter((d) => !implied.has(d)).sort();
    root.add(s.id, {
      Type: 'AWS::CloudFormation::Stack',
      DependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      Properties: {
        TemplateURL: `${s.id}.${ext}`,
        Parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
      },
    });
  }
  const rendered: [string, StackBuilder][] = [[input.stackName, root], ...nested.map((s) => [s.id, s] as [string, StackBuilder])];
  for (const [name, s] of rendered) {
    const body = serialize(s.template);
    for (const d of checkLimits(name, s.template, Buffer.byteLength(body))) bag.add(d);
    files.set(`${name}.${ext}`, body);
  }
  for (const s of nested) {
    const literal = literalParameters(s);
    if (Object.keys(literal).length === 0) continue;
    files.set(
      `${s.id}.params.json`,
      JSON.stringify(
        Object.entries(literal).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
        null,
        2,
      ) + '\n',
    );
    files.set(`${s.id}.config.json`, JSON.stringify({ Parameters: literal, Tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) }, null, 2) + '\n');
  }
  if (bag.hasErrors()) throw new UserError(sortDiagnostics(bag.items));
  return { files, warnings: sortDiagnostics(bag.warnings) };
}

/** Parameters whose value is a literal (not an intrinsic): the template-configuration file. */
function literalParameters(s: NestedStack): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of s.inputs) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v.join(',');
  }
  return out;
}
