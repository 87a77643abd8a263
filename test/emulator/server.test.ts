/** The emulator launcher fails loudly, naming what the deploy tests need, instead of skipping them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './server.js';

test('without a usable python the deploy tests fail, saying they need python3 with moto', async () => {
  await assert.rejects(launch('/nonexistent/python3'), /needs? python3 with moto 5/);
  await assert.rejects(launch('false'), /the AWS API emulator exited with 1 \(the deploy tests need python3 with moto 5\)/);
});
