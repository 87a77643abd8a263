/**
 * x-opensearch: OpenSearch Service domains, new (nested stack `opensearch`, see domain.ts) or
 * looked up, linked to services through the shared module mechanism (../shared/module.ts):
 *  - `Access: {Http: RO | RW, DBCluster: RO}` (the 1.x scopes) → policy `<family>Toopensearch`:
 *    Http the `es:ESHttp*` actions on the domain's paths (`<domain ARN>/*`) only, DBCluster
 *    the read-only control plane actions on the domain;
 *  - a VPC domain opens HTTPS (443) on its security group to each linked family;
 *  - variables: ReturnValues `{<attribute>: <VAR>}`, else Settings.EnvNames, else
 *    `UPPER(<name>)`, with the domain endpoint;
 *  - `x-opensearch::<name>::<attribute>` in environment values.
 * `Access.IAM` (written in 1.x files, which ignore it) is ignored with warning CXH2406.
 */
import { isMapping, type Mapping } from '../../load/positions.js';
import type { PermissionTable } from '../shared/access.js';
import { defineModule } from '../shared/module.js';
import { ATTRIBUTES, buildDomains, type Domain } from './domain.js';

const HTTP_READ = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'];

export const OPENSEARCH_PERMISSIONS: PermissionTable = {
  scopes: {
    Http: {
      RO: { Sid: 'OpenSearchHttpRead', Action: HTTP_READ, Resource: ['${Arn}/*'] },
      RW: { Sid: 'OpenSearchHttpReadWrite', Action: [...HTTP_READ, 'es:ESHttpPut', 'es:ESHttpPatch', 'es:ESHttpDelete'], Resource: ['${Arn}/*'] },
    },
    DBCluster: {
      RO: {
        Sid: 'OpenSearchDomainRead',
        Action: [
          'es:DescribeDomain', 'es:DescribeDomainAutoTunes', 'es:DescribeDomainConfig', 'es:ESCrossClusterGet', 'es:GetCompatibleVersions', 'es:GetUpgradeHistory',
          'es:GetUpgradeStatus', 'es:ListPackagesForDomain', 'es:ListTags',
        ],
        Resource: ['${Arn}'],
      },
    },
  },
};

export const xOpensearch = defineModule<Domain>({
  key: 'x-opensearch',
  kind: 'domain',
  policy: 'opensearch',
  attributes: ATTRIBUTES,
  defaultAttribute: 'DomainEndpoint',
  permissions: OPENSEARCH_PERMISSIONS,
  codes: { unknownTarget: 'CXH1501', ambiguousTarget: 'CXH2501', unknownAttribute: 'CXH1502', unknownAccess: 'CXH1503', malformedPointer: 'CXH1504', unknownPointerTarget: 'CXH1505' },
  resources: buildDomains,
  readLink(ctx, link, at) {
    if (!isMapping(link)) return undefined;
    const access = link.Access;
    if (!isMapping(access) || access.IAM === undefined) return link;
    ctx.bag.warn({
      code: 'CXH2406',
      message: 'Access.IAM is not an access of x-opensearch: ignored (1.x ignores it too)',
      ...at('Access', 'IAM'),
      hint: 'remove it; DBCluster: RO grants the read-only control plane actions',
    });
    const rest: Mapping = { ...access };
    delete rest.IAM;
    return { ...link, Access: rest };
  },
});
