/**
 * Finding resources by tags with the Resource Groups Tagging API (`tag:GetResources`, every
 * page). Tag filters follow ECS Compose-X: a list of single-key mappings is grouped by key (the
 * same key twice means either value), a mapping gives one filter per key; filters are AND'ed.
 */
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, type TagFilter } from '@aws-sdk/client-resource-groups-tagging-api';

export interface TaggedResource {
  arn: string;
  tags: Record<string, string>;
}

/** `[{k: v}, {k: w}, {j: x}]` → `[{Key: k, Values: [v, w]}, {Key: j, Values: [x]}]`; `{k: v}` → `[{Key: k, Values: [v]}]`. */
export function tagFilters(tags: unknown): TagFilter[] {
  const pairs: [string, string][] = [];
  const add = (m: unknown) => {
    if (typeof m === 'object' && m !== null && !Array.isArray(m)) for (const [k, v] of Object.entries(m)) pairs.push([k, String(v)]);
  };
  if (Array.isArray(tags)) tags.forEach(add);
  else add(tags);
  const byKey = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const values = byKey.get(k) ?? [];
    if (!values.includes(v)) values.push(v);
    byKey.set(k, values);
  }
  return [...byKey].map(([Key, Values]) => ({ Key, Values }));
}

/** `Name=a, env=b` (sorted by key), for messages listing candidates. */
export function formatTags(tags: Record<string, string>): string {
  const keys = Object.keys(tags).sort();
  return keys.length ? keys.map((k) => `${k}=${tags[k]}`).join(', ') : 'no tags';
}

/** Every resource of `resourceTypes` (e.g. `ec2:vpc`) matching all `filters`, every page read. */
export async function findByTags(client: ResourceGroupsTaggingAPIClient, resourceTypes: string[], filters: TagFilter[]): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetResourcesCommand({ ResourceTypeFilters: resourceTypes, TagFilters: filters, ResourcesPerPage: 100, ...(token ? { PaginationToken: token } : {}) }));
    for (const r of page.ResourceTagMappingList ?? []) {
      if (!r.ResourceARN) continue;
      const tags: Record<string, string> = {};
      for (const t of r.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
      out.push({ arn: r.ResourceARN, tags });
    }
    token = page.PaginationToken || undefined;
  } while (token);
  return out;
}
