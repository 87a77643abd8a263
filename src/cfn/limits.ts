/**
 * CloudFormation template quotas checked by the renderer before anything is written or
 * uploaded, so a too-big stack fails with a clear diagnostic instead of a deploy-time error.
 *
 * Codes:
 *   CXT1001 resources > 500          CXT1002 parameters > 200        CXT1003 outputs > 200
 *   CXT1004 mappings > 200           CXT1005 template body > 1,000,000 bytes (S3-hosted)
 *   CXT1006 mapping attributes > 200 CXT1007 Description > 1,024 bytes
 *   CXT1008 parameter Default > 4,096 bytes
 */

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Template } from './template.js';

export const CFN_LIMITS = {
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
  mappingAttributes: 200,
  /** Template body uploaded to S3 (TemplateURL). */
  templateBodyBytes: 1_000_000,
  /** Template body passed inline (TemplateBody); informational, the renderer uploads to S3. */
  templateBodyInlineBytes: 51_200,
  descriptionBytes: 1_024,
  parameterValueBytes: 4_096,
  logicalIdLength: 255,
} as const;

const SPLIT_HINT =
  'split the stack: spread the services over more task families, or the x- resources over more modules';

/** Returns one error per quota the serialised template of stack `name` exceeds. */
export function checkLimits(name: string, template: Template, serializedBytes: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const counts = template.counts();
  const count = (code: string, what: string, n: number, max: number, hint: string): void => {
    if (n > max) {
      out.push({
        code,
        severity: 'error',
        message: `stack "${name}" has ${n} ${what}; CloudFormation allows at most ${max}`,
        path: name,
        expected: `at most ${max} ${what}`,
        hint,
      });
    }
  };
  count('CXT1001', 'resources', counts.resources, CFN_LIMITS.resources, SPLIT_HINT);
  count('CXT1002', 'parameters', counts.parameters, CFN_LIMITS.parameters, SPLIT_HINT);
  count('CXT1003', 'outputs', counts.outputs, CFN_LIMITS.outputs, SPLIT_HINT);
  count('CXT1004', 'mappings', counts.mappings, CFN_LIMITS.mappings, SPLIT_HINT);
  if (serializedBytes > CFN_LIMITS.templateBodyBytes) {
    out.push({
      code: 'CXT1005',
      severity: 'error',
      message: `template of stack "${name}" is ${serializedBytes} bytes; CloudFormation accepts at most ${CFN_LIMITS.templateBodyBytes} bytes`,
      path: name,
      expected: `at most ${CFN_LIMITS.templateBodyBytes} bytes`,
      hint: `render as JSON (more compact than YAML) or ${SPLIT_HINT}`,
    });
  }
  for (const m of template.mappingSizes()) {
    count(
      'CXT1006',
      `attributes in mapping ${m.id}`,
      m.attributes,
      CFN_LIMITS.mappingAttributes,
      'look up fewer resources of that kind in this stack, or split the stack',
    );
  }
  const description = template.description;
  if (description !== undefined) {
    const bytes = Buffer.byteLength(description, 'utf8');
    if (bytes > CFN_LIMITS.descriptionBytes) {
      out.push({
        code: 'CXT1007',
        severity: 'error',
        message: `Description of stack "${name}" is ${bytes} bytes; CloudFormation allows at most ${CFN_LIMITS.descriptionBytes}`,
        path: `${name}.Description`,
        expected: `at most ${CFN_LIMITS.descriptionBytes} bytes`,
        hint: 'shorten the description',
      });
    }
  }
  for (const { id, value } of template.parameterDefaults()) {
    const bytes = Buffer.byteLength(String(value), 'utf8');
    if (bytes > CFN_LIMITS.parameterValueBytes) {
      out.push({
        code: 'CXT1008',
        severity: 'error',
        message: `default value of parameter ${id} in stack "${name}" is ${bytes} bytes; CloudFormation allows at most ${CFN_LIMITS.parameterValueBytes}`,
        path: `${name}.Parameters.${id}`,
        expected: `at most ${CFN_LIMITS.parameterValueBytes} bytes`,
        hint: 'pass large values another way (e.g. a mapping or an SSM parameter) instead of a parameter default',
      });
    }
  }
  return out;
}
