/**
 * What `build`, `push` and `--build` do, as data: one ImageBuild per service that has `build:`,
 * read from the resolved compose project (context, dockerfile, args, target, platforms, labels,
 * cache_from / cache_to, secrets, ssh, ...), with `image:` as the tag. The platforms default to
 * the runtime platform of the service's task family (x-ecs CpuArchitecture ARM64 → linux/arm64),
 * so the image runs where ECS places it. Problems are reported all at once (CXU10xx).
 */
import { isAbsolute, join } from 'node:path';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import { buildFamilies } from '../model/families.js';
import { ecrSettings, type EcrSettings } from '../extensions/x-ecr/check.js';
import { parseEcrImage, type EcrImage } from './ecr-ref.js';

export const ImageCodes = {
  DockerMissing: 'CXU1001',
  DaemonUnreachable: 'CXU1002',
  BuildFailed: 'CXU1003',
  PushFailed: 'CXU1004',
  LoginFailed: 'CXU1005',
  NeedsBuildx: 'CXU1006',
  NoDigest: 'CXU1007',
  NoImage: 'CXU1010',
  UnknownService: 'CXU1011',
  NotBuilt: 'CXU1012',
  BadBuildSecret: 'CXU1013',
} as const;

export interface BuildSecret {
  id: string;
  /** A file (secrets.<name>.file). */
  src?: string;
  /** An environment variable (secrets.<name>.environment). */
  env?: string;
}

export interface ImageBuild {
  service: string;
  /** The tag built: `image:`, else `<project>-<service>` as docker compose names it. */
  image: string;
  /** Whether `image:` was given (push needs it). */
  imageGiven: boolean;
  /** build.tags: more tags for the same image. */
  extraTags: string[];
  /** The ECR repository of `image:`, when it is one. */
  ecr?: EcrImage;
  settings: EcrSettings;
  context: string;
  /** The Dockerfile path for `docker build -f` (resolved against the context), or undefined with dockerfileInline. */
  dockerfile?: string;
  dockerfileInline?: string;
  args: Array<[string, string]>;
  target?: string;
  platforms: string[];
  labels: Array<[string, string]>;
  cacheFrom: string[];
  cacheTo: string[];
  secrets: BuildSecret[];
  ssh: string[];
  network?: string;
  extraHosts: string[];
  additionalContexts: Array<[string, string]>;
  noCache: boolean;
  pull: boolean;
  shmSize?: string;
}

export interface PlanInput {
  /** The resolved compose project (LoadedProject.model). */
  doc: Mapping;
  /** The project name (image name of services without `image:`). */
  project: string;
  /** Services named on the command line; empty: every service with `build:`. */
  only?: string[];
}

const ARCH_PLATFORM: Record<string, string> = { ARM64: 'linux/arm64', X86_64: 'linux/amd64' };

const isRemote = (context: string) => /^(https?:\/\/|git@|github\.com\/|ssh:\/\/|git:\/\/)/.test(context) || context.includes('.git#');

/** Every service to build, in name order. Throws a UserError with every problem found. */
export function planBuilds(input: PlanInput): ImageBuild[] {
  const bag = new DiagnosticBag();
  const services = isMapping(input.doc.services) ? input.doc.services : {};
  const only = input.only ?? [];
  for (const name of only) {
    if (!isMapping(services[name])) {
      bag.error({
        code: ImageCodes.UnknownService,
        message: `no service "${name}" in the project`,
        expected: `one of: ${Object.keys(services).sort().join(', ') || '(none)'}`,
        hint: 'check the name, and the --profile flags that enable it',
      });
    } else if (services[name].build === undefined) {
      bag.error({
        code: ImageCodes.NotBuilt,
        message: `service "${name}" has no \`build:\`; there is nothing to build or push`,
        path: formatPath(['services', name]),
        pos: posAt(input.doc, ['services', name]),
        hint: 'name services that have `build:`, or none to take all of them',
      });
    }
  }
  bag.throwIfErrors();
  const names = Object.keys(services)
    .filter((n) => isMapping(services[n]) && services[n].build !== undefined && (only.length === 0 || only.includes(n)))
    .sort();
  if (names.length === 0) return [];
  const archs = familyArchitectures(input.doc);
  const out = names.map((n) => planOne(n, services[n] as Mapping, input, archs.get(n) ?? ['X86_64'], bag));
  bag.throwIfErrors();
  return out;
}

/** The CPU architectures of the task families each service is in. */
function familyArchitectures(doc: Mapping): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Model problems (a missing image, ...) are the render's to report; only the families matter here.
  for (const f of buildFamilies({ doc, bag: new DiagnosticBag() })) {
    for (const s of f.services) out.set(s, [...new Set([...(out.get(s) ?? []), f.cpuArchitecture])].sort());
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : []);

const pairs = (v: unknown): Array<[string, string]> =>
  isMapping(v) ? Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, String(x)]) : [];

function planOne(name: string, svc: Mapping, input: PlanInput, archs: string[], bag: DiagnosticBag): ImageBuild {
  const at = (...p: (string | number)[]) => ({ path: formatPath(['services', name, ...p]), pos: posAt(input.doc, ['services', name, ...p]) });
  const b: Mapping = isMapping(svc.build) ? svc.build : { context: String(svc.build) };
  const context = typeof b.context === 'string' ? b.context : '.';
  const imageGiven = typeof svc.image === 'string' && svc.image !== '';
  const image = imageGiven ? (svc.image as string) : `${input.project}-${name}`.toLowerCase();
  let dockerfile: string | undefined;
  if (typeof b.dockerfile_inline !== 'string' && typeof b.dockerfile === 'string') {
    dockerfile = isAbsolute(b.dockerfile) || isRemote(context) ? b.dockerfile : join(context, b.dockerfile);
  }
  const platforms = strings(b.platforms);
  if (platforms.length === 0) {
    if (typeof svc.platform === 'string') platforms.push(svc.platform);
    else platforms.push(...archs.map((a) => ARCH_PLATFORM[a] ?? 'linux/amd64'));
  }
  return {
    service: name,
    image,
    imageGiven,
    extraTags: strings(b.tags),
    ecr: imageGiven ? parseEcrImage(image) : undefined,
    settings: ecrSettings(svc['x-ecr']),
    context,
    dockerfile,
    dockerfileInline: typeof b.dockerfile_inline === 'string' ? b.dockerfile_inline : undefined,
    args: pairs(b.args),
    target: typeof b.target === 'string' ? b.target : undefined,
    platforms,
    labels: pairs(b.labels),
    cacheFrom: strings(b.cache_from),
    cacheTo: strings(b.cache_to),
    secrets: buildSecrets(name, b.secrets, input.doc, bag, at),
    ssh: sshEntries(b.ssh),
    network: typeof b.network === 'string' ? b.network : undefined,
    extraHosts: strings(b.extra_hosts).map((h) => h.replace('=', ':')),
    additionalContexts: pairs(b.additional_contexts),
    noCache: b.no_cache === true || b.no_cache === 'true',
    pull: b.pull === true || b.pull === 'true',
    shmSize: b.shm_size === undefined ? undefined : String(b.shm_size),
  };
}

/** build.ssh: `[default, key=path]` or `{default: "", key: path}` → `default`, `key=path`. */
function sshEntries(v: unknown): string[] {
  if (Array.isArray(v)) return strings(v);
  if (isMapping(v)) return Object.entries(v).map(([k, p]) => (p === null || p === undefined || p === '' ? k : `${k}=${String(p)}`));
  return [];
}

type At = (...p: (string | number)[]) => { path: string; pos: ReturnType<typeof posAt> };

/** build.secrets → `--secret id=<target or name>,src=<file>` / `env=<VAR>`, from the top-level secrets. */
function buildSecrets(service: string, v: unknown, doc: Mapping, bag: DiagnosticBag, at: At): BuildSecret[] {
  if (!Array.isArray(v)) return [];
  const top = isMapping(doc.secrets) ? doc.secrets : {};
  const out: BuildSecret[] = [];
  v.forEach((item, i) => {
    const source = typeof item === 'string' ? item : isMapping(item) && typeof item.source === 'string' ? item.source : undefined;
    if (!source) return;
    const id = isMapping(item) && typeof item.target === 'string' ? item.target : source;
    const def = top[source];
    if (isMapping(def) && typeof def.file === 'string') out.push({ id, src: def.file });
    else if (isMapping(def) && typeof def.environment === 'string') out.push({ id, env: def.environment });
    else {
      bag.error({
        code: ImageCodes.BadBuildSecret,
        message: `build secret "${source}" of service "${service}" ${isMapping(def) ? 'has neither `file:` nor `environment:`' : 'is not defined under the top-level `secrets:`'}`,
        ...at('build', 'secrets', i),
        expected: 'a top-level secret with `file:` or `environment:` (what the build reads it from)',
        hint: `define secrets.${source}.file or secrets.${source}.environment`,
      });
    }
  });
  return out;
}
