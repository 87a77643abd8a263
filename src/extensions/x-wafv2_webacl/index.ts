/**
 * x-wafv2_webacl: regional web ACLs, new (`Properties`, nested stack `wafv2`; Scope REGIONAL
 * unless given) or looked up (recorded key `x-wafv2_webacl::<name>`, request = the Lookup
 * mapping, result `{Arn}`; an `Arn` in the Lookup is used as is, without a recorded result),
 * associated with the x-elbv2 load balancers listed in `LoadBalancers` (application ones; a
 * network load balancer is skipped with a warning, as in 1.x).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { Extension } from '../../synth/context.js';
import { Reporter, listOf } from '../x-network/report.js';
import { balancersOf } from '../x-elbv2/index.js';
import { moduleStack, recordedResult, valueIn } from '../x-elbv2/module-stack.js';
import { webAclRequest } from './request.js';

export const WAF_STACK = 'wafv2';
const ACL_ARN = /^arn:aws(-[a-z]+)*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/;


export const xWafv2Webacl: Extension = {
  name: 'x-wafv2_webacl',
  apply(ctx) {
    const x = ctx.doc['x-wafv2_webacl'];
    if (!isMapping(x)) return;
    const r = new Reporter(ctx.doc, ctx.bag);
    const balancers = balancersOf(ctx);
    for (const [name, def] of Object.entries(x)) {
      if (!isMapping(def)) continue;
      const stack = moduleStack(ctx, WAF_STACK, 'WAFv2 web ACLs');
      let arn: CfnValue | undefined;
      if (isMapping(def.Lookup)) {
        const request = webAclRequest(def.Lookup);
        if (!request) arn = stack.input(logicalId('WebAcl', name, 'Arn'), { Type: 'String', Description: `ARN of web ACL ${name}` }, String(def.Lookup.Arn));
        else {
          const path = ['x-wafv2_webacl', name, 'Lookup'];
          const res = recordedResult(ctx, `x-wafv2_webacl::${name}`, request, path, r);
          if (!res) continue;
          const a = res.Arn;
          if (typeof a !== 'string' || !ACL_ARN.test(a)) {
            r.error({ code: 'CXE1501', path, message: `the recorded result of lookup x-wafv2_webacl::${name} has no regional web ACL ARN`, expected: '{"Arn": "arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>"}', hint: 'record the lookup again' });
            continue;
          }
          arn = stack.input(logicalId('WebAcl', name, 'Arn'), { Type: 'String', Description: `ARN of web ACL ${name}` }, a);
        }
      } else {
        const id = logicalId('WebAcl', name);
        const props = { Scope: 'REGIONAL', ...((def.Properties ?? {}) as Mapping) } as Record<string, CfnValue>;
        stack.add(id, { Type: 'AWS::WAFv2::WebACL', Properties: props });
        arn = getAtt(id, 'Arn');
      }
      const lbs = Array.isArray(def.LoadBalancers) ? (def.LoadBalancers as string[]) : [];
      lbs.forEach((lbName, i) => {
        const path = ['x-wafv2_webacl', name, 'LoadBalancers', i];
        const lb = balancers.get(lbName);
        if (!lb) {
          const x2 = ctx.doc['x-elbv2'];
          if (isMapping(x2) && isMapping(x2[lbName])) return;
          r.error({ code: 'CXE1502', path, message: `"${lbName}" is not a load balancer defined under x-elbv2`, expected: `one of: ${listOf([...balancers.keys()])}` });
          return;
        }
        if (lb.type !== 'application') {
          r.warn({ code: 'CXE2007', path, message: `"${lbName}" is a network load balancer and is not associated: a web ACL protects application load balancers only`, hint: `remove ${lbName} from LoadBalancers` });
          return;
        }
        stack.add(logicalId('WebAcl', name, 'To', lbName), {
          Type: 'AWS::WAFv2::WebACLAssociation',
          Properties: { WebACLArn: arn as CfnValue, ResourceArn: valueIn(stack, lb.arn) },
        });
      });
      if (stack.template.resourceIds().length === 0) ctx.stacks.delete(WAF_STACK);
    }
  },
};
