/**
 * Checks the `ecs.*` labels of `services.<name>.deploy.labels` (mapping or `key=value` list):
 * each known label's value, and a warning for an `ecs.` label this tool does not know.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt } from '../positions.js';
import { SchemaCodes } from './codes.js';
import { didYouMean } from './suggest.js';
import { describeValue } from './wording.js';

type KeyPath = Array<string | number>;

interface LabelRule {
  expected: string;
  /** True when the label value (as text) is valid. */
  check: (value: string) => boolean;
  allowed?: readonly string[];
}

const DEPENDS_CONDITIONS = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'] as const;
const COMPUTE_PLATFORMS = ['EC2', 'FARGATE', 'EXTERNAL'] as const;
const ESSENTIAL_VALUES = ['true', 'false', 'yes', 'no'] as const;
const DNS_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const STORAGE_SIZE = /^[0-9]+(\.[0-9]+)?\s*([KkMmGgTt]i?[Bb]?)?$/;

/** The deploy labels this tool reads, with the rule for their value. */
export const ECS_LABELS: Readonly<Record<string, LabelRule>> = {
  'ecs.task.family': {
    expected: 'a family name, or several separated by commas',
    check: (v) => v.split(',').every((f) => f.trim() !== ''),
  },
  'ecs.task.family.hostname': {
    expected: 'a DNS label (letters, digits and "-", at most 63 characters)',
    check: (v) => DNS_LABEL.test(v),
  },
  'ecs.depends.condition': {
    expected: `one of: ${DEPENDS_CONDITIONS.join(', ')}`,
    check: (v) => (DEPENDS_CONDITIONS as readonly string[]).includes(v),
    allowed: DEPENDS_CONDITIONS,
  },
  'ecs.essential': {
    expected: `one of: ${ESSENTIAL_VALUES.join(', ')}`,
    check: (v) => (ESSENTIAL_VALUES as readonly string[]).includes(v.toLowerCase()),
    allowed: ESSENTIAL_VALUES,
  },
  'ecs.compute.platform': {
    expected: `one of: ${COMPUTE_PLATFORMS.join(', ')}`,
    check: (v) => (COMPUTE_PLATFORMS as readonly string[]).includes(v),
    allowed: COMPUTE_PLATFORMS,
  },
  'ecs.ephemeral.storage': {
    expected: 'a size in GiB, e.g. 30 or "30GB"',
    check: (v) => STORAGE_SIZE.test(v.trim()),
  },
};

/** Validates the labels found at `path` (services.<name>.deploy.labels) of `root`. */
export function checkDeployLabels(labels: unknown, path: KeyPath, root: unknown, bag: DiagnosticBag): void {
  for (const { name, value, at } of entries(labels, path)) {
    if (!name.startsWith('ecs.')) continue;
    const rule = ECS_LABELS[name];
    if (!rule) {
      bag.warn({
        code: SchemaCodes.UnknownDeployLabel,
        message: `unknown deploy label \`${name}\` is ignored`,
        path: formatPath(at),
        pos: posAt(root, at),
        hint: didYouMean(name, Object.keys(ECS_LABELS)),
      });
      continue;
    }
    // A mapping or sequence value is a type error the compose schema already reports.
    if (typeof value === 'object' && value !== null) continue;
    const text = value === null || value === undefined ? '' : String(value);
    if (rule.check(text)) continue;
    bag.error({
      code: SchemaCodes.InvalidDeployLabel,
      message: `deploy label \`${name}\` has an invalid value ${text === '' ? '(empty)' : describeValue(value)}`,
      path: formatPath(at),
      pos: posAt(root, at),
      expected: rule.expected,
      hint: rule.allowed ? didYouMean(text, rule.allowed) : undefined,
    });
  }
}

interface LabelEntry {
  name: string;
  value: unknown;
  at: KeyPath;
}

/** Labels as (name, value, path) for both the mapping and the `key=value` list forms. */
function entries(labels: unknown, path: KeyPath): LabelEntry[] {
  if (isMapping(labels)) {
    return Object.entries(labels).map(([name, value]) => ({ name, value, at: [...path, name] }));
  }
  if (Array.isArray(labels)) {
    return labels.flatMap((item: unknown, i): LabelEntry[] => {
      if (typeof item !== 'string') return [];
      const eq = item.indexOf('=');
      const name = eq < 0 ? item : item.slice(0, eq);
      const value = eq < 0 ? null : item.slice(eq + 1);
      return [{ name, value, at: [...path, i] }];
    });
  }
  return [];
}
