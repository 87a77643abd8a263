/**
 * Adds AWS::EC2::SecurityGroupIngress resources to a family template: identical rules declared
 * twice (e.g. by two services of the family) become one; different rules that would share a
 * logical ID get a numeric suffix. The family's ECS service waits for its rules, so its tasks
 * start with their traffic allowed.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { FamilyStack } from '../../synth/family.js';

const added = new WeakMap<FamilyStack, Map<string, string>>();

export type RuleProperties = { [key: string]: CfnValue | undefined };

/** Adds the rule; returns the logical ID used. */
export function addIngressRule(fs: FamilyStack, id: string, props: RuleProperties): string {
  const rules = added.get(fs) ?? new Map<string, string>();
  added.set(fs, rules);
  const body = JSON.stringify({ ...props, Description: undefined });
  for (const [existing, b] of rules) if (b === body) return existing;
  let unique = id;
  for (let n = 2; rules.has(unique); n++) unique = `${id}${n}`;
  rules.set(unique, body);
  fs.add(unique, { Type: 'AWS::EC2::SecurityGroupIngress', Properties: props });
  fs.extraServiceDependsOn.push(unique);
  return unique;
}

const DESCRIPTION_CHARS = /[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!*]/g;

/** A generated rule description within EC2's limits (allowed characters, 255 long). */
export function ruleDescription(text: string): string {
  return text.replace(DESCRIPTION_CHARS, '').slice(0, 255);
}

/** Why a user-written rule description is rejected by EC2, if it is. */
export function descriptionProblem(text: string): string | undefined {
  if (text.length > 255) return `it is ${text.length} characters long`;
  const bad = [...new Set(text.match(/[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g) ?? [])];
  return bad.length > 0 ? `it contains ${bad.map((c) => JSON.stringify(c)).join(', ')}` : undefined;
}
