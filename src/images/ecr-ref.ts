/** Image references: which ones name an ECR repository, and how to pin one to a digest. */

export interface EcrImage {
  /** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]` */
  registry: string;
  account: string;
  region: string;
  repository: string;
  /** The tag (default `latest`). */
  tag: string;
}

const ECR = /^((\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?)\/([a-z0-9][a-z0-9._\/-]*?)(?::([\w][\w.-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$/;

/** The ECR repository an image is in; undefined for every other registry. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const m = ECR.exec(image);
  if (!m) return undefined;
  return { registry: m[1], account: m[2], region: m[3], repository: m[4], tag: m[5] ?? 'latest' };
}

/** `repo:tag` → `repo@sha256:...` (the tag is dropped: the digest alone says what runs). */
export function pinnedImage(image: EcrImage, digest: string): string {
  return `${image.registry}/${image.repository}@${digest}`;
}

/** The image with a tag, as docker tags and pushes it. */
export function taggedImage(image: EcrImage): string {
  return `${image.registry}/${image.repository}:${image.tag}`;
}
