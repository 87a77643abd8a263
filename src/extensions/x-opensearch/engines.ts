/**
 * What OpenSearch Service offers, as far as a render can check it: the engine versions, and per
 * instance family the oldest version running on it and the features it lacks (the 1.x table,
 * completed with the families added since). Families not listed are passed as written.
 */

/** `EngineVersion` values OpenSearch Service accepts. */
export const ENGINE_VERSIONS: readonly string[] = [
  'OpenSearch_1.0', 'OpenSearch_1.1', 'OpenSearch_1.2', 'OpenSearch_1.3',
  'OpenSearch_2.3', 'OpenSearch_2.5', 'OpenSearch_2.7', 'OpenSearch_2.9', 'OpenSearch_2.11', 'OpenSearch_2.13', 'OpenSearch_2.15', 'OpenSearch_2.17', 'OpenSearch_2.19',
  'OpenSearch_3.1',
  'Elasticsearch_1.5', 'Elasticsearch_2.3', 'Elasticsearch_5.1', 'Elasticsearch_5.3', 'Elasticsearch_5.5', 'Elasticsearch_5.6',
  'Elasticsearch_6.0', 'Elasticsearch_6.2', 'Elasticsearch_6.3', 'Elasticsearch_6.4', 'Elasticsearch_6.5', 'Elasticsearch_6.7', 'Elasticsearch_6.8',
  'Elasticsearch_7.1', 'Elasticsearch_7.4', 'Elasticsearch_7.7', 'Elasticsearch_7.8', 'Elasticsearch_7.9', 'Elasticsearch_7.10',
];

export interface InstanceFamily {
  /** Oldest Elasticsearch version the family runs (any OpenSearch version runs on every family listed). */
  minElasticsearch?: string;
  /** Data nodes of the family keep their data on instance storage: no EBS volume. */
  instanceStorage?: boolean;
  /** Data nodes of the family need an EBS volume. */
  ebsRequired?: boolean;
  /** No encryption at rest, hence no fine-grained access control. */
  noEncryption?: boolean;
  /** No UltraWarm nodes. */
  noWarm?: boolean;
  /** AWS Graviton (arm64). */
  graviton?: boolean;
}

const previous: InstanceFamily = { minElasticsearch: '6.5', noEncryption: true };
const graviton: InstanceFamily = { minElasticsearch: '7.9', ebsRequired: true, graviton: true };

export const INSTANCE_FAMILIES: Readonly<Record<string, InstanceFamily>> = {
  c4: { ebsRequired: true }, c5: { minElasticsearch: '5.1', ebsRequired: true }, c6g: graviton, c7g: graviton, c7i: { ebsRequired: true },
  i2: {}, i3: { minElasticsearch: '5.1', instanceStorage: true }, i4g: { instanceStorage: true, graviton: true }, i4i: { instanceStorage: true }, im4gn: { instanceStorage: true, graviton: true },
  m3: previous, m4: { ebsRequired: true }, m5: { minElasticsearch: '5.1', ebsRequired: true }, m6g: graviton, m7g: graviton, m7i: { ebsRequired: true },
  r3: previous, r4: { ebsRequired: true }, r5: { minElasticsearch: '5.1', ebsRequired: true }, r6g: graviton, r6gd: { minElasticsearch: '7.9', instanceStorage: true, graviton: true }, r7g: graviton, r7gd: { instanceStorage: true, graviton: true }, r7i: { ebsRequired: true },
  or1: { ebsRequired: true, graviton: true }, or2: { ebsRequired: true, graviton: true }, om2: { ebsRequired: true },
  t2: { ...previous, noWarm: true }, t3: { ...previous, noWarm: true, ebsRequired: true }, t4g: { ebsRequired: true, noWarm: true, graviton: true },
  ultrawarm1: {},
};

/** `r6g.large.search` → `r6g`; undefined when the text is no instance type of the service. */
export function familyOf(instanceType: string): string | undefined {
  const m = /^([a-z0-9]+)\.[a-z0-9]+\.(search|elasticsearch)$/.exec(instanceType);
  return m?.[1];
}

/** `Elasticsearch_7.9` → {engine: 'Elasticsearch', major: 7, minor: 9}; undefined for another form. */
export function parseVersion(v: string): { engine: 'OpenSearch' | 'Elasticsearch'; major: number; minor: number } | undefined {
  const m = /^(OpenSearch|Elasticsearch)_(\d+)\.(\d+)$/.exec(v);
  return m ? { engine: m[1] as 'OpenSearch' | 'Elasticsearch', major: Number(m[2]), minor: Number(m[3]) } : undefined;
}

/** Whether Elasticsearch `version` (`7.9`) is older than `min`. */
export function olderThan(version: { major: number; minor: number }, min: string): boolean {
  const [major, minor] = min.split('.').map(Number);
  return version.major < major || (version.major === major && version.minor < minor);
}
