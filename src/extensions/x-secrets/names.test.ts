import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { capitalize, isPortableVarName, javaProperties, jsonKeyVarName, title, upperVarName } from './names.js';

describe('secret variable names', () => {
  test('java_properties upper-cases and turns dots into underscores', () => {
    assert.equal(javaProperties('schema.registry.url'), 'SCHEMA_REGISTRY_URL');
    assert.equal(javaProperties('a-b.c'), 'A-B_C');
  });

  test('title capitalises each run of letters like Python str.title()', () => {
    assert.equal(title('schema_registry_URL'), 'Schema_Registry_Url');
    assert.equal(title('abc1def'), 'Abc1Def');
  });

  test('capitalize upper-cases', () => {
    assert.equal(capitalize('db_password'), 'DB_PASSWORD');
  });

  test('VarName wins over Transform, Transform over the raw key', () => {
    assert.equal(jsonKeyVarName({ SecretKey: 'user.name', VarName: 'USER', Transform: 'capitalize' }), 'USER');
    assert.equal(jsonKeyVarName({ SecretKey: 'user.name', Transform: 'java_properties' }), 'USER_NAME');
    assert.equal(jsonKeyVarName({ SecretKey: 'user.name' }), 'user.name');
  });

  test('upperVarName makes a variable of a compose name', () => {
    assert.equal(upperVarName('connect-creds.v2'), 'CONNECT_CREDS_V2');
    assert.equal(upperVarName('db pass!'), 'DBPASS');
  });

  test('portable names are shell identifiers', () => {
    assert.ok(isPortableVarName('DB_PASSWORD'));
    assert.ok(isPortableVarName('_x1'));
    assert.ok(!isPortableVarName('db-password'));
    assert.ok(!isPortableVarName('1ABC'));
    assert.ok(!isPortableVarName('Schema.Url'));
  });
});
