/** Reading one stack's current description; a missing stack is `undefined`, not an error. */
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { CfnApi } from './api.js';
import { isStackMissing } from './aws-error.js';

export async function describeStack(cfn: CfnApi, nameOrId: string): Promise<Stack | undefined> {
  try {
    const r = await cfn.describeStacks({ StackName: nameOrId });
    return r.Stacks?.[0];
  } catch (e) {
    if (isStackMissing(e)) return undefined;
    throw e;
  }
}
