/**
 * x-sns (top level): SNS topics, new (nested stack `sns`) or looked up (recorded lookups), and
 * their links to services (IAM access on the task role, environment variables).
 * See topics.ts for the lookup result format and how consumers get a topic ARN.
 *
 * Errors: CXA2004 two topic names that give the same logical ID.
 */
import { formatPath, posAt } from '../../load/positions.js';
import type { Extension } from '../../synth/context.js';
import { linkServices } from './services.js';
import { addTopicsStack } from './stack.js';
import { snsTopics } from './topics.js';

export const xSns: Extension = {
  name: 'x-sns',
  apply(ctx) {
    const topics = [...snsTopics(ctx).values()];
    const byLogical = new Map<string, string>();
    let clash = false;
    for (const t of topics) {
      const other = byLogical.get(t.logical);
      if (other !== undefined) {
        clash = true;
        ctx.bag.error({
          code: 'CXA2004',
          message: `x-sns topics "${other}" and "${t.name}" both give the logical ID ${t.logical}`,
          path: formatPath(t.path),
          pos: posAt(ctx.doc, t.path),
          expected: 'topic names that differ in their letters or digits',
          hint: `rename one of them`,
        });
      }
      byLogical.set(t.logical, t.name);
    }
    if (clash) return;
    addTopicsStack(ctx, topics);
    for (const t of topics) linkServices(ctx, t);
  },
};
