import { shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
  {
    name: 'environment list becomes a mapping; KEY alone is null',
    input: '{environment: [A=1, B, C=x=y, D=]}',
    expected: '{environment: {A: "1", B: null, C: x=y, D: ""}}',
  },
  {
    name: 'environment values become strings, booleans in lower case',
    input: '{environment: {A: 1, B: true, C: false, D: 1.5, E: null}}',
    expected: '{environment: {A: "1", B: "true", C: "false", D: "1.5", E: null}}',
  },
  {
    name: 'labels list becomes a mapping of strings (bare key: empty string)',
    input: '{labels: [a=1, b], deploy: {labels: {c: 2}}, annotations: [x=y], sysctls: {net.core.somaxconn: 1024}}',
    expected: '{labels: {a: "1", b: ""}, deploy: {labels: {c: "2"}}, annotations: {x: y}, sysctls: {net.core.somaxconn: "1024"}}',
  },
  {
    name: 'extra_hosts become a sorted list of host=ip',
    input: '{extra_hosts: ["zz:10.0.0.1", "aa=10.0.0.2", "v6:::1"]}',
    expected: '{extra_hosts: [aa=10.0.0.2, v6=::1, zz=10.0.0.1]}',
  },
  {
    name: 'extra_hosts mapping (one or several addresses)',
    input: '{extra_hosts: {b: 1.1.1.1, a: [2.2.2.2, 3.3.3.3]}}',
    expected: '{extra_hosts: [a=2.2.2.2, a=3.3.3.3, b=1.1.1.1]}',
  },
];

shortFormCases('canonicalize: key/value maps and extra hosts', cases);
