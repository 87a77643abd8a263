import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import fc from 'fast-check';
import { DiagnosticBag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { setKeyPos, setSelfPos } from '../positions.js';
import { KNOWN_SERVICE_EXTENSIONS, KNOWN_TOP_LEVEL_EXTENSIONS, validateProject } from './validate.js';
import { checkedAjv, composeValidator, extensionValidator } from './schemas.js';
import { editDistance, suggest } from './suggest.js';

const EXAMPLE = '/work/shared/examples/kafka-connect/';

type Tree = Record<string, unknown>;

/** Just enough interpolation for the example: ${VAR:-default}, ${VAR} (unset → ""), ${!VAR} → ${VAR}. */
function interpolate(v: unknown): unknown {
  if (typeof v === 'string') {
    return v
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, _n: string, d?: string) => d ?? '')
      .replace(/\$\{!([^}]*)\}/g, '$${$1}');
  }
  if (Array.isArray(v)) return v.map(interpolate);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolate(x)]));
  }
  return v;
}

/** Deep merge of mappings; sequences are concatenated without duplicates. */
function merge(a: unknown, b: unknown): unknown {
  const isMap = (x: unknown): x is Tree => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isMap(a) && isMap(b)) {
    const out: Tree = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return [...new Set([...a, ...b].map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x) as unknown);
  }
  return b;
}

function kafkaProject(): Tree {
  const files = ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => parse(readFileSync(EXAMPLE + f, 'utf8')) as unknown);
  return interpolate(files.reduce(merge)) as Tree;
}

function run(doc: Tree): DiagnosticBag {
  const bag = new DiagnosticBag();
  validateProject(doc, bag);
  return bag;
}

function only(bag: DiagnosticBag, path: string): Diagnostic {
  const at = bag.items.filter((d) => d.path === path);
  assert.equal(at.length, 1, `expected one diagnostic at ${path}, got: ${JSON.stringify(bag.items, null, 1)}`);
  return at[0];
}

const svc = (service: Tree, extra: Tree = {}): Tree => ({ services: { web: { image: 'nginx', ...service } }, ...extra });

describe('the kafka-connect example', () => {
  test('validates without errors; the only finding is the obsolete version', () => {
    const bag = run(kafkaProject());
    assert.deepEqual(bag.errors, []);
    assert.deepEqual(
      bag.warnings.map((w) => w.code),
      ['CXV2001'],
    );
  });

  test('each file validates on its own too (a partial file is a valid compose document)', () => {
    for (const f of ['docker-compose.yml', 'aws.yml', 'vpc.yml']) {
      const bag = run(interpolate(parse(readFileSync(EXAMPLE + f, 'utf8'))) as Tree);
      assert.deepEqual(bag.errors, [], f);
    }
  });

  test('the raw (not interpolated) RoleArn placeholder is rejected, an empty one is accepted', () => {
    const doc = kafkaProject();
    const lookup = ((doc['x-s3'] as Tree)['connect-bucket'] as Tree).Lookup as Tree;
    lookup.RoleArn = '${NONPROD_RO_ROLE_ARN}';
    const d = only(run(doc), 'x-s3.connect-bucket.Lookup.RoleArn');
    assert.equal(d.code, 'CXV1005');
    assert.match(d.expected ?? '', /IAM role ARN/);
    lookup.RoleArn = '';
    assert.deepEqual(run(doc).errors, []);
  });
});

describe('compose format', () => {
  test('short and long syntaxes are both accepted', () => {
    const bag = run({
      services: {
        a: {
          image: 'x',
          ports: [80, '8080:80', '53:53/udp', { target: 443, published: '8443', protocol: 'tcp' }],
          volumes: ['data:/data:ro', { type: 'volume', source: 'data', target: '/other' }],
          environment: ['A=1', 'B'],
          depends_on: ['b'],
          networks: ['front'],
          labels: { a: 'b' },
          command: 'run it',
          healthcheck: { test: ['CMD', 'true'], interval: '10s' },
          deploy: { replicas: '${N}', resources: { reservations: { cpus: 0.5, memory: '128M' } } },
          pre_start: [{ command: ['init'] }],
          post_start: [{ command: 'echo hi' }],
          gpus: 'all',
          use_api_socket: true,
          models: ['llm'],
          provider: { type: 'model', options: { model: 'x' } },
        },
        b: {
          image: 'y',
          environment: { A: 1, B: true, C: null },
          depends_on: { a: { condition: 'service_healthy', required: false } },
          networks: { front: { aliases: ['bee'] }, back: null },
          annotations: ['k=v'],
          develop: { watch: [{ path: '.', action: 'sync+restart' }] },
        },
      },
      networks: { front: {}, back: null },
      volumes: { data: {} },
      models: { llm: { model: 'ai/smollm2' } },
    });
    assert.deepEqual(bag.items, []);
  });

  test('wrong type: human type names and a quoting hint', () => {
    const d = only(run(svc({ image: 5 })), 'services.web.image');
    assert.equal(d.code, 'CXV1002');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, '`image` must be a string, not an integer');
    assert.equal(d.expected, 'string');
    assert.equal(d.hint, 'quote the value to make it a string: "5"');
  });

  test('a value that fits none of several types lists them all, in one message', () => {
    const bag = run(svc({ ports: [true] }));
    const d = only(bag, 'services.web.ports[0]');
    assert.equal(d.message, '`ports[0]` must be a number, a string or a mapping, not a boolean');
    assert.equal(bag.items.length, 1);
  });

  test('oneOf noise is collapsed to the most specific error', () => {
    const bag = run(svc({ ports: [{ target: 80, expose: true }], environment: { A: { nested: 1 } } }));
    assert.equal(bag.items.length, 2, JSON.stringify(bag.items));
    assert.equal(only(bag, 'services.web.ports[0].expose').code, 'CXV1001');
    const env = only(bag, 'services.web.environment.A');
    assert.equal(env.code, 'CXV1002');
    assert.match(env.message, /must be a string, a number, a boolean or null, not a mapping/);
  });

  test('unknown service key is an error with a suggestion and the key position', () => {
    const web: Tree = { image: 'nginx', environement: { A: '1' } };
    const doc: Tree = { services: { web } };
    setKeyPos(web, 'environement', { file: 'compose.yml', line: 4, column: 5 });
    const d = only(run(doc), 'services.web.environement');
    assert.equal(d.code, 'CXV1001');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'unknown key `environement` in `web`');
    assert.equal(d.hint, 'did you mean `environment`?');
    assert.deepEqual(d.pos, { file: 'compose.yml', line: 4, column: 5 });
  });

  test('positions fall back to the nearest known ancestor', () => {
    const ports = [{ target: 80, bogus: 1 }];
    const web: Tree = { image: 'nginx', ports };
    const doc: Tree = { services: { web } };
    setKeyPos(web, 'ports', { file: 'c.yml', line: 3, column: 5 });
    setSelfPos(ports[0], { file: 'c.yml', line: 4, column: 9 });
    assert.deepEqual(only(run(doc), 'services.web.ports[0].bogus').pos, { file: 'c.yml', line: 4, column: 9 });
  });

  test('unknown top-level key is an error; unknown x- keys are warnings', () => {
    const doc: Tree = { services: {}, servics: {}, 'x-custom': { a: 1 } };
    setKeyPos(doc, 'x-custom', { file: 'c.yml', line: 7, column: 1 });
    const bag = run(doc);
    const typo = only(bag, 'servics');
    assert.equal(typo.code, 'CXV1001');
    assert.equal(typo.message, 'unknown key `servics` at the top level');
    assert.equal(typo.hint, 'did you mean `services`?');
    const w = only(bag, 'x-custom');
    assert.equal(w.severity, 'warning');
    assert.equal(w.code, 'CXV2002');
    assert.deepEqual(w.pos, { file: 'c.yml', line: 7, column: 1 });
  });

  test('bad enum lists the allowed values', () => {
    const d = only(run(svc({ depends_on: { db: { condition: 'service_ready' } } })), 'services.web.depends_on.db.condition');
    assert.equal(d.code, 'CXV1003');
    assert.equal(d.expected, 'one of: service_started, service_healthy, service_completed_successfully');
  });

  test('invalid service name', () => {
    const d = only(run({ services: { 'my web': { image: 'x' } } }), 'services["my web"]');
    assert.equal(d.code, 'CXV1011');
    assert.match(d.expected ?? '', /letters, digits/);
  });

  test('version is a warning, not an error, whatever its scalar type', () => {
    for (const version of ['3.8', 3.8]) {
      const doc: Tree = { version, services: {} };
      setKeyPos(doc, 'version', { file: 'c.yml', line: 1, column: 1 });
      const bag = run(doc);
      assert.deepEqual(bag.errors, []);
      const d = only(bag, 'version');
      assert.equal(d.code, 'CXV2001');
      assert.deepEqual(d.pos, { file: 'c.yml', line: 1, column: 1 });
    }
  });

  test('duplicate list items point at the repeated item', () => {
    const d = only(run(svc({ depends_on: ['db', 'cache', 'db'] })), 'services.web.depends_on[2]');
    assert.equal(d.code, 'CXV1008');
    assert.equal(d.message, '`depends_on[2]` repeats `depends_on[0]`');
  });
});

describe('service extensions', () => {
  test('known lists', () => {
    assert.deepEqual(
      [...KNOWN_SERVICE_EXTENSIONS].sort(),
      ['x-alarms', 'x-aws-autoscaling', 'x-aws-logs_retention', 'x-aws-max_percent', 'x-aws-min_percent', 'x-aws-policies', 'x-aws-pull_credentials', 'x-aws-role', 'x-docker_opts', 'x-ecr', 'x-ecs', 'x-environment', 'x-iam', 'x-logging', 'x-monitoring', 'x-network', 'x-prometheus', 'x-ray', 'x-scaling', 'x-xray'],
    );
    assert.deepEqual(
      [...KNOWN_TOP_LEVEL_EXTENSIONS].sort(),
      ['x-acm', 'x-alarms', 'x-aps', 'x-aws-cluster', 'x-cloudmap', 'x-cluster', 'x-codeguru_profiler', 'x-cognito_userpool', 'x-dashboards', 'x-docdb', 'x-dynamodb', 'x-elasticache', 'x-elbv2', 'x-events', 'x-kinesis', 'x-kinesis_firehose', 'x-kms', 'x-neptune', 'x-opensearch', 'x-rds', 'x-route53', 'x-s3', 'x-sns', 'x-sqs', 'x-ssm_parameter', 'x-tags', 'x-vpc', 'x-wafv2_webacl'],
    );
  });

  test('unknown service-level x- key is a warning with a suggestion', () => {
    const bag = run(svc({ 'x-scalling': { Range: '1-2' } }));
    assert.deepEqual(bag.errors, []);
    const d = only(bag, 'services.web.x-scalling');
    assert.equal(d.code, 'CXV2002');
    assert.equal(d.hint, 'did you mean `x-scaling`?');
  });

  test('x-scaling Range must be "min-max" with min <= max', () => {
    const bad = only(run(svc({ 'x-scaling': { Range: '1to6' } })), 'services.web.x-scaling.Range');
    assert.equal(bad.code, 'CXV1005');
    assert.equal(bad.expected, 'a range "<min>-<max>", e.g. "1-6"');
    const reversed = only(run(svc({ 'x-scaling': { Range: '6-1' } })), 'services.web.x-scaling.Range');
    assert.equal(reversed.code, 'CXV1021');
    assert.deepEqual(run(svc({ 'x-scaling': { Range: '1-6', TargetScaling: { CpuTarget: 60.5 } } })).items, []);
  });

  test('x-scaling CpuTarget and MemoryTarget exclude each other; targets are bounded', () => {
    const bag = run(svc({ 'x-scaling': { TargetScaling: { CpuTarget: 50, MemoryTarget: 150 } } }));
    assert.equal(only(bag, 'services.web.x-scaling.TargetScaling').code, 'CXV1009');
    const range = only(bag, 'services.web.x-scaling.TargetScaling.MemoryTarget');
    assert.equal(range.code, 'CXV1006');
    assert.equal(range.expected, 'a number > 0 and <= 100');
  });

  test('unknown predefined alarm name lists the valid names', () => {
    const d = only(
      run(svc({ 'x-alarms': { Predefined: { HighCpuUsage: { Settings: { CPUUtilization: 80 } } } } })),
      'services.web.x-alarms.Predefined.HighCpuUsage',
    );
    assert.equal(d.code, 'CXV1001');
    assert.equal(d.expected, 'one of: HighCpuUsageAndMaxScaledOut, HighRamUsageAndMaxScaledOut');
  });

  test('predefined alarm topics: x-sns or TopicArn, not both', () => {
    const topics = [{ 'x-sns': 'alarms', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms' }, { NotifyOn: 'okay' }];
    const bag = run(svc({ 'x-alarms': { Predefined: { HighRamUsageAndMaxScaledOut: { Topics: topics } } } }));
    const base = 'services.web.x-alarms.Predefined.HighRamUsageAndMaxScaledOut.Topics';
    assert.equal(only(bag, `${base}[0]`).code, 'CXV1009');
    assert.equal(only(bag, `${base}[1]`).code, 'CXV1004');
  });

  test('x-network ingress sources', () => {
    const bag = run(
      svc({
        'x-network': {
          Ingress: {
            Myself: true,
            ExtSources: [{ IPv4: '0.0.0.0/0', Name: 'all' }, { IPv4: '10.0.0.1' }],
            AwsSources: [{ Type: 'SecurityGroup', Id: 'sg-abcd' }, { Type: 'Bucket', Id: 'sg-1' }, {}],
          },
          'x-cloudmap': { PrivateNamespace: { Port: 8080 } },
        },
      }),
    );
    const base = 'services.web.x-network.Ingress';
    assert.equal(only(bag, `${base}.ExtSources[1].IPv4`).code, 'CXV1005');
    assert.equal(only(bag, `${base}.AwsSources[1].Type`).code, 'CXV1003');
    const missing = only(bag, `${base}.AwsSources[2]`);
    assert.equal(missing.message, '`AwsSources[2]` is missing required key `Type` and one of `Id`, `Lookup`');
    assert.equal(bag.items.length, 3, JSON.stringify(bag.items));
  });

  test('x-ecs, x-iam and x-logging accept their documented shapes and reject typos', () => {
    const good = svc({
      'x-ecs': { EnableExecuteCommand: true, CpuArchitecture: 'ARM64', CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 2 }] },
      'x-iam': {
        PermissionsBoundary: 'ccoe/boundary',
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        Policies: [{ PolicyName: 'read', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] } }],
      },
      'x-logging': { RetentionInDays: 14 },
    });
    assert.deepEqual(run(good).items, []);
    const bad = run(svc({ 'x-ecs': { CpuArchitecture: 'arm64' }, 'x-logging': { Retention: 14 } }));
    const arch = only(bad, 'services.web.x-ecs.CpuArchitecture');
    assert.equal(arch.hint, 'did you mean `ARM64`?');
    assert.equal(only(bad, 'services.web.x-logging.Retention').hint, 'did you mean `RetentionInDays`?');
  });
});

describe('deploy labels', () => {
  test('ecs.depends.condition must be one of the ECS conditions', () => {
    const web: Tree = { image: 'x', deploy: { labels: { 'ecs.depends.condition': 'SUCESS' } } };
    const d = only(run({ services: { web } }), 'services.web.deploy.labels["ecs.depends.condition"]');
    assert.equal(d.code, 'CXV1020');
    assert.equal(d.expected, 'one of: START, COMPLETE, SUCCESS, HEALTHY');
    assert.equal(d.hint, 'did you mean `SUCCESS`?');
  });

  test('list form: the item position is reported; valid values pass', () => {
    const labels = ['ecs.essential=maybe', 'ecs.essential=YES', 'ecs.compute.platform=FARGATE', 'other=1'];
    setKeyPos(labels, 0, { file: 'c.yml', line: 9, column: 11 });
    const bag = run(svc({ deploy: { labels } }));
    assert.equal(bag.items.length, 1, JSON.stringify(bag.items));
    const d = only(bag, 'services.web.deploy.labels[0]');
    assert.equal(d.code, 'CXV1020');
    assert.deepEqual(d.pos, { file: 'c.yml', line: 9, column: 11 });
  });

  test('other label values', () => {
    const labels = {
      'ecs.essential': false,
      'ecs.compute.platform': 'EC2',
      'ecs.task.family': 'a,b',
      'ecs.task.family.hostname': 'api',
      'ecs.ephemeral.storage': 30,
    };
    assert.deepEqual(run(svc({ deploy: { labels } })).items, []);
    const bad = run(
      svc({ deploy: { labels: { 'ecs.compute.platform': 'LAMBDA', 'ecs.ephemeral.storage': 'big', 'ecs.task.family': '' } } }),
    );
    assert.deepEqual(
      bad.errors.map((d) => d.code),
      ['CXV1020', 'CXV1020', 'CXV1020'],
    );
  });

  test('an unknown ecs.* label is a warning', () => {
    const d = only(run(svc({ deploy: { labels: { 'ecs.task.familly': 'x' } } })), 'services.web.deploy.labels["ecs.task.familly"]');
    assert.equal(d.severity, 'warning');
    assert.equal(d.code, 'CXV2003');
    assert.equal(d.hint, 'did you mean `ecs.task.family`?');
  });
});

describe('top-level extensions', () => {
  test('x-s3 Access values', () => {
    const access = (a: unknown): Tree => ({
      services: {},
      'x-s3': { b: { Lookup: { Tags: [{ name: 'b' }] }, Services: { web: { Access: a } } } },
    });
    for (const objects of ['CRUD', 'RW', 'StrictRW', 'StrictRWDelete', 'RWDelete', 'ReadOnly', 'StrictReadOnly', 'WriteOnly', 'StrictWriteOnly']) {
      for (const bucket of ['ListOnly', 'PowerUser']) {
        assert.deepEqual(run(access({ objects, bucket, enforceSecureConnection: true })).items, [], `${objects}/${bucket}`);
      }
    }
    const bad = only(run(access({ objects: 'Read', bucket: 'ListOnly' })), 'x-s3.b.Services.web.Access.objects');
    assert.equal(bad.code, 'CXV1003');
    assert.match(bad.expected ?? '', /^one of: CRUD, RW, /);
    const missing = only(run(access({ objects: 'RW' })), 'x-s3.b.Services.web.Access');
    assert.equal(missing.message, '`Access` is missing required key `bucket`');
  });

  test('x-vpc: exactly one of Lookup and Properties', () => {
    const both = only(run({ 'x-vpc': { Properties: {}, Lookup: {} } }), 'x-vpc');
    assert.equal(both.code, 'CXV1009');
    assert.equal(both.expected, 'only one of: Lookup, Properties');
    const none = only(run({ 'x-vpc': {} }), 'x-vpc');
    assert.equal(none.code, 'CXV1004');
    assert.equal(none.message, '`x-vpc` is missing one of `Lookup`, `Properties`');
    const nat = only(run({ 'x-vpc': { Properties: { SingleNat: true, DisableNat: true } } }), 'x-vpc.Properties');
    assert.equal(nat.code, 'CXV1009');
  });

  test('networks.<name>.x-vpc names a subnet group', () => {
    assert.deepEqual(run({ networks: { internal: { 'x-vpc': 'InternalSubnets' } } }).items, []);
    assert.equal(only(run({ networks: { internal: { 'x-vpc': ['a'] } } }), 'networks.internal.x-vpc').code, 'CXV1002');
  });

  test('x-tags: mapping or list of Key/Value', () => {
    assert.deepEqual(run({ 'x-tags': { environment: 'dev', owner: 'team a' } }).items, []);
    assert.deepEqual(run({ 'x-tags': [{ Key: 'environment', Value: 'dev' }] }).items, []);
    assert.equal(only(run({ 'x-tags': [{ Key: 'environment' }] }), 'x-tags[0]').code, 'CXV1004');
    const d = only(run({ 'x-tags': { live: true } }), 'x-tags.live');
    assert.equal(d.hint, 'quote the value to make it a string: "true"');
  });

  test('x-sns, x-cloudmap and x-cluster', () => {
    const bag = run({
      'x-sns': { DeletionPolicy: 'Retain', topic: { Properties: {} }, 'bad name': { Properties: {} }, empty: {} },
      'x-cloudmap': { ns: { Name: 'not a hostname' } },
      'x-cluster': { Lookup: { ClusterName: 'test', RoleArn: '' }, Properties: {} },
    });
    assert.equal(only(bag, 'x-sns["bad name"]').code, 'CXV1011');
    assert.equal(only(bag, 'x-sns.empty').code, 'CXV1004');
    assert.equal(only(bag, 'x-cloudmap.ns.Name').code, 'CXV1005');
    assert.equal(only(bag, 'x-cluster').code, 'CXV1009');
    assert.equal(bag.items.length, 4, JSON.stringify(bag.items));
  });

  test('secrets.<name>.x-secrets', () => {
    const secret = (x: unknown): Tree => ({ secrets: { creds: { 'x-secrets': x } } });
    assert.deepEqual(run(secret({ Name: '/a/b', JsonKeys: [{ SecretKey: 'k', VarName: 'K', Transform: 'title' }], LinksTo: ['EcsTaskRole'] })).items, []);
    assert.equal(only(run(secret({ Name: '/a/b', VarName: 'lower' })), 'secrets.creds.x-secrets.VarName').code, 'CXV1005');
    assert.equal(only(run(secret({ JsonKeys: [] })), 'secrets.creds.x-secrets').code, 'CXV1004');
    assert.equal(only(run({ secrets: { creds: { KmsKeyId: 'x' } } }), 'secrets.creds.KmsKeyId').code, 'CXV1001');
  });

  test('top-level x-alarms', () => {
    const bag = run({
      'x-alarms': {
        cpu: { Properties: { Threshold: 1 }, MacroParameters: { ServiceName: 'web' }, Topics: [{ 'x-sns': 'alarms', NotifyOn: ['alarm', 'okay'] }] },
        steps: { Properties: {}, Services: { web: { Scaling: { Steps: [{ LowerBound: 0, Count: 1 }, { LowerBound: 'x', Count: 2 }] } } } },
      },
    });
    const d = only(bag, 'x-alarms.steps.Services.web.Scaling.Steps[1].LowerBound');
    assert.equal(d.code, 'CXV1002');
    assert.equal(bag.items.length, 1);
  });
});

describe('robustness and helpers', () => {
  test('every schema is a valid draft-07 schema and compiles in strict mode', () => {
    assert.doesNotThrow(() => checkedAjv());
  });

  test('validators are compiled once', () => {
    assert.equal(composeValidator(), composeValidator());
    assert.equal(extensionValidator('x-s3', 'project'), extensionValidator('x-s3', 'project'));
    assert.equal(extensionValidator('x-s3', 'service'), undefined);
  });

  test('any JSON document: no throw, only our codes, one finding per path and severity', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('services', 'x-s3', 'x-vpc', 'x-tags', 'networks', 'secrets', 'version', 'x-other'), fc.jsonValue()), (doc) => {
        const bag = run(doc as Tree);
        for (const d of bag.items) {
          assert.match(d.code, d.severity === 'error' ? /^CXV1\d{3}$/ : /^CXV2\d{3}$/);
        }
        const keys = bag.errors.map((d) => `${d.code}|${d.path ?? ''}`);
        const paths = bag.errors.filter((d) => d.code.startsWith('CXV10')).map((d) => d.path);
        assert.equal(new Set(paths).size, paths.length, JSON.stringify(keys));
      }),
      { numRuns: 300 },
    );
  });

  test('suggestions', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(suggest('enviroment', ['environment', 'entrypoint']), 'environment');
    assert.equal(suggest('Image', ['image', 'init']), 'image');
    assert.equal(suggest('zzz', ['environment']), undefined);
    assert.equal(suggest('Retention', ['RetentionInDays', 'FireLens']), 'RetentionInDays');
    assert.equal(suggest('Ret', ['RetentionInDays']), undefined);
  });
});
