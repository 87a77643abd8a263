/**
 * services.<svc>.x-ecr: the ECR settings `push` and `--build` use for the service's repository
 * (ImageTagMutability, ScanOnPush, RoleArn). The ECS Compose-X 1.x keys this version does not act
 * on (VulnerabilitiesScan, InterpolateWithDigest) are accepted and named in a warning; so is the
 * 1.x `x-docker_opts.InterpolateWithDigest` (the same pinning, through the local Docker engine).
 * Render does not pin images to a digest: its output depends on the compose files and the
 * recorded lookups only, and a digest recorded once would silently keep an old image after the
 * tag moves; `--build` pins the images it pushes.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';

export const EcrCodes = {
  /** 1.x `VulnerabilitiesScan`: no scan findings are checked. */
  ScanNotChecked: 'CXU2001',
  /** 1.x `InterpolateWithDigest`: render does not look digests up. */
  DigestNotInterpolated: 'CXU2002',
} as const;

/** What push does for a service's repository. */
export interface EcrSettings {
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush: boolean;
  roleArn?: string;
}

/** The settings of a (schema-valid) x-ecr value; defaults when absent. */
export function ecrSettings(value: unknown): EcrSettings {
  const v = isMapping(value) ? value : {};
  return {
    imageTagMutability: v.ImageTagMutability === 'IMMUTABLE' ? 'IMMUTABLE' : 'MUTABLE',
    scanOnPush: v.ScanOnPush !== false,
    roleArn: typeof v.RoleArn === 'string' ? v.RoleArn : undefined,
  };
}

/** Warns about the 1.x keys of x-ecr that are accepted but not acted on. */
export function checkEcrSettings(value: unknown, path: Array<string | number>, root: unknown, bag: DiagnosticBag): void {
  if (!isMapping(value)) return;
  if ('VulnerabilitiesScan' in value) {
    const at = [...path, 'VulnerabilitiesScan'];
    bag.warn({
      code: EcrCodes.ScanNotChecked,
      message: '`VulnerabilitiesScan` is ignored: the scan findings of the image are not checked before deploying',
      path: formatPath(at),
      pos: posAt(root, at),
      hint: 'check the findings in your build pipeline (`aws ecr describe-image-scan-findings`); `ScanOnPush: true` has ECR scan every image pushed',
    });
  }
  if (value.InterpolateWithDigest === true) {
    const at = [...path, 'InterpolateWithDigest'];
    bag.warn({
      code: EcrCodes.DigestNotInterpolated,
      message: '`InterpolateWithDigest` is ignored: render keeps the image as written',
      path: formatPath(at),
      pos: posAt(root, at),
      hint: 'deploy with `up --build` (or `plan --build`) to pin the images it pushes to their digest, or write the image as repo@sha256:...',
    });
  }
}
