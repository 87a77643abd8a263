import { shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
  {
    name: 'depends_on list becomes a mapping; mapping entries get defaults',
    input: '{depends_on: [db]}',
    expected: '{depends_on: {db: {condition: service_started, required: true}}}',
  },
  {
    name: 'depends_on mapping entries get required: true',
    input: '{depends_on: {db: {condition: service_healthy}, c: {condition: service_started, required: false}}}',
    expected: '{depends_on: {db: {condition: service_healthy, required: true}, c: {condition: service_started, required: false}}}',
  },
  {
    name: 'service networks list becomes a mapping',
    input: '{networks: [front, back]}',
    expected: '{networks: {front: null, back: null}}',
  },
  { name: 'a service without networks joins default', input: '{image: a}', expected: '{networks: {default: null}}' },
  { name: 'network_mode means no default network', input: '{network_mode: host}', expected: '{network_mode: host}' },
  {
    name: 'build string becomes an absolute context with the default Dockerfile',
    input: '{build: ./app}',
    expected: '{build: {context: /proj/app, dockerfile: Dockerfile}}',
  },
  {
    name: 'build mapping: default context, args list to mapping, remote context untouched',
    input: '{build: {args: [A=1, B], labels: [l=1]}}',
    expected: '{build: {context: /proj, dockerfile: Dockerfile, args: {A: "1", B: null}, labels: {l: "1"}}}',
  },
  {
    name: 'remote build context is not resolved',
    input: '{build: {context: "https://github.com/a/b.git#main", dockerfile: D}}',
    expected: '{build: {context: "https://github.com/a/b.git#main", dockerfile: D}}',
  },
  {
    name: 'env_file string and list become {path, required}',
    input: '{env_file: a.env}',
    expected: '{env_file: [{path: /proj/a.env, required: true}]}',
  },
  {
    name: 'env_file long form keeps required: false',
    input: '{env_file: [b.env, {path: /abs/c.env, required: false}]}',
    expected: '{env_file: [{path: /proj/b.env, required: true}, {path: /abs/c.env, required: false}]}',
  },
  { name: 'dns string becomes a list', input: '{dns: 8.8.8.8, tmpfs: /run}', expected: '{dns: [8.8.8.8], tmpfs: [/run]}' },
  { name: 'extends string becomes {service}', input: '{extends: base}', expected: '{extends: {service: base}}' },
  {
    name: 'ulimits: a single number stays, a mapping keeps soft/hard',
    input: '{ulimits: {nproc: 65535, nofile: {hard: "40000", soft: 20000}}}',
    expected: '{ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}}',
  },
];

shortFormCases('canonicalize: service relations and references', cases);
