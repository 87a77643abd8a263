/**
 * The ECR operations `push` uses, behind a small interface (tests run them against the emulator
 * or a fake): is the repository there, create it, and an authorization token for docker login.
 */
import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { awsCall } from '../aws/errors.js';

export interface NewRepository {
  registryId: string;
  name: string;
  scanOnPush: boolean;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  tags: Array<{ Key: string; Value: string }>;
}

export interface RegistryLogin {
  username: string;
  password: string;
  /** e.g. https://123456789012.dkr.ecr.eu-west-1.amazonaws.com */
  endpoint: string;
}

export interface EcrApi {
  repositoryExists(registryId: string, name: string): Promise<boolean>;
  /** Creates the repository; false when it appeared meanwhile. */
  createRepository(r: NewRepository): Promise<boolean>;
  login(registryId: string): Promise<RegistryLogin>;
}

const named = (e: unknown, name: string) => typeof e === 'object' && e !== null && (e as { name?: string }).name === name;

export function ecrFromClient(c: ECRClient): EcrApi {
  return {
    repositoryExists: (registryId, name) =>
      awsCall({ action: 'ecr:DescribeRepositories', what: `repository ${name}` }, async () => {
        try {
          const r = await c.send(new DescribeRepositoriesCommand({ registryId, repositoryNames: [name] }));
          return (r.repositories ?? []).some((x) => x.repositoryName === name);
        } catch (e) {
          if (named(e, 'RepositoryNotFoundException')) return false;
          throw e;
        }
      }),
    createRepository: (r) =>
      awsCall({ action: 'ecr:CreateRepository', what: `repository ${r.name}` }, async () => {
        try {
          await c.send(
            new CreateRepositoryCommand({
              registryId: r.registryId,
              repositoryName: r.name,
              imageScanningConfiguration: { scanOnPush: r.scanOnPush },
              imageTagMutability: r.imageTagMutability,
              tags: r.tags.length > 0 ? r.tags : undefined,
            }),
          );
          return true;
        } catch (e) {
          if (named(e, 'RepositoryAlreadyExistsException')) return false;
          throw e;
        }
      }),
    login: (registryId) =>
      awsCall({ action: 'ecr:GetAuthorizationToken', what: `registry ${registryId}` }, async () => {
        const r = await c.send(new GetAuthorizationTokenCommand({ registryIds: [registryId] }));
        const data = r.authorizationData?.[0];
        const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (!data?.proxyEndpoint || colon < 0) throw Object.assign(new Error('ECR returned no authorization token'), { name: 'NoAuthorizationToken', $metadata: {} });
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), endpoint: data.proxyEndpoint };
      }),
  };
}
