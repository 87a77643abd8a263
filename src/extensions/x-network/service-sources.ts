/**
 * `Ingress.Services`: traffic from other families' tasks. A rule needs the security groups of
 * both families, and each family stack creates its own; so the rule goes into the template of
 * the family created LAST, which receives the other family's group id as a parameter (from its
 * `ServiceSecurityGroupId` output) and waits for that stack.
 *
 * Placement of a rule "source S may reach destination D":
 *  - D already waits for S (or neither waits for the other): the rule is in D and D waits for S;
 *  - S waits for D (e.g. S `depends_on` D, the usual client → server case): the rule is in S.
 * Two families allowing each other therefore put both rules in one of them, and the stack order
 * stays acyclic whatever `depends_on` says. The stack holding a rule starts its tasks after it.
 */
import { getAtt } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { portsFor, title } from './ports.js';
import { listOf, type KeyPath, type Reporter } from './report.js';
import { addIngressRule, ruleDescription } from './rules.js';
import { StackOrder } from './stack-order.js';

/** Families a `Services[].Name` designates: a family (by name or logical name) or a service's families. */
export function sourceFamilies(ctx: RenderContext, name: string): FamilyStack[] {
  const byFamily = [...ctx.families.values()].filter((f) => f.family.name === name || f.family.logicalName === name);
  return byFamily.length > 0 ? byFamily : ctx.familiesOf(name);
}

export function serviceSourceRules(ctx: RenderContext, dst: FamilyStack, src: Mapping, path: KeyPath, r: Reporter): void {
  const name = String(src.Name);
  const sources = sourceFamilies(ctx, name);
  if (sources.length === 0) {
    const valid = [...new Set([...[...ctx.families.values()].map((f) => f.family.name), ...servicesOf(ctx)])].sort();
    r.error({
      code: 'CXN1007',
      path: [...path, 'Name'],
      message: `no family or service is named "${name}"`,
      expected: `one of: ${listOf(valid)}`,
      hint: 'Name is the family (or compose service) whose tasks may connect to this one',
    });
    return;
  }
  const ports = portsFor(dst, src.Ports, [...path, 'Ports'], r);
  const order = new StackOrder(ctx);
  for (const s of sources) {
    const holder = s === dst ? dst : placement(order, s, dst);
    const groupOf = (f: FamilyStack) =>
      f === holder
        ? f.securityGroupId
        : holder.input(logicalId(f.id, 'SecurityGroupId'), { Type: 'AWS::EC2::SecurityGroup::Id', Description: `Security group of ${f.family.name}` }, getAtt(f.id, 'Outputs.ServiceSecurityGroupId'));
    for (const p of ports) {
      addIngressRule(holder, logicalId('From', s.id, 'To', dst.id, 'On', String(p.port), title(p.protocol)), {
        GroupId: groupOf(dst),
        SourceSecurityGroupId: groupOf(s),
        IpProtocol: p.protocol,
        FromPort: p.port,
        ToPort: p.port,
        Description: ruleDescription(`From ${s.family.name} to ${dst.family.name} on ${p.port}/${p.protocol}`),
      });
    }
  }
}

/** The family stack that holds the rule between `src` and `dst` (see the module header). */
function placement(order: StackOrder, src: FamilyStack, dst: FamilyStack): FamilyStack {
  if (!order.waitsFor(dst.id, src.id) && order.waitsFor(src.id, dst.id)) {
    src.dependsOn.add(dst.id);
    return src;
  }
  dst.dependsOn.add(src.id);
  return dst;
}

function servicesOf(ctx: RenderContext): string[] {
  return [...ctx.families.values()].flatMap((f) => f.family.services);
}
