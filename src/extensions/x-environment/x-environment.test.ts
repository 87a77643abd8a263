/**
 * x-environment.SetAsParameter: the named environment values become parameters of the family
 * stack, given their compose value by the root stack; the container reads the parameter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsOf, only, renderCompose } from '../../../test/helpers/fixtures.js';
import { containerEnv, template } from '../../../test/helpers/render.js';

test('SetAsParameter as a list: String parameters of the family stack, values from the root, other variables literal', () => {
  const out = renderCompose(`services:
  api:
    image: nginx
    environment: {LOG_LEVEL: info, REGION_NAME: eu-west-1, PORT: 8080}
    x-environment:
      SetAsParameter: [LOG_LEVEL, PORT]
`);
  const api = template(out, 'api.json');
  assert.deepEqual(api.Parameters.apiEnvLOGLEVEL, { Type: 'String', Description: 'Value of LOG_LEVEL in the environment of api' });
  assert.deepEqual(api.Parameters.apiEnvPORT, { Type: 'String', Description: 'Value of PORT in the environment of api' });
  assert.deepEqual(containerEnv(api, 'api'), { LOG_LEVEL: { Ref: 'apiEnvLOGLEVEL' }, PORT: { Ref: 'apiEnvPORT' }, REGION_NAME: 'eu-west-1' });
  const root = template(out, 'app.json');
  assert.equal(root.Resources.api.Properties.Parameters.apiEnvLOGLEVEL, 'info');
  assert.equal(root.Resources.api.Properties.Parameters.apiEnvPORT, '8080');
  assert.deepEqual(out.warnings, []);
});

test('SetAsParameter as a mapping: the parameter properties given; a name not in the environment warns; a non-number for a Number parameter is refused at its line', () => {
  const out = renderCompose(`services:
  worker:
    image: busybox
    environment: {WORKERS: "4"}
    x-environment:
      SetAsParameter:
        WORKERS: {Type: Number, MinValue: 1, MaxValue: 16, Description: worker threads}
        MISSING: {}
`);
  const w = template(out, 'worker.json');
  assert.deepEqual(w.Parameters.workerEnvWORKERS, { Type: 'Number', MinValue: 1, MaxValue: 16, Description: 'worker threads' });
  assert.deepEqual(containerEnv(w, 'worker'), { WORKERS: { Ref: 'workerEnvWORKERS' } });
  const warn = only(out.warnings, 'CXR2081');
  assert.equal(warn.path, 'services.worker.x-environment.SetAsParameter.MISSING');

  const ds = diagnosticsOf(() =>
    renderCompose(`services:
  worker:
    image: busybox
    environment: {WORKERS: many}
    x-environment:
      SetAsParameter:
        WORKERS: {Type: Number}
`),
  );
  const e = only(ds, 'CXR1081');
  assert.equal(e.pos?.line, 7);
});

test('List parameter types are refused by the schema (an environment value is one string)', () => {
  const ds = diagnosticsOf(() =>
    renderCompose(`services:
  worker:
    image: busybox
    environment: {HOSTS: "a,b"}
    x-environment:
      SetAsParameter:
        HOSTS: {Type: CommaDelimitedList}
`),
  );
  assert.ok(ds.some((d) => d.code.startsWith('CXV') && d.path?.startsWith('services.worker.x-environment.SetAsParameter')), JSON.stringify(ds));
});
