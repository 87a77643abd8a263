/**
 * `extends`: a service inherits the definition of another service, from the same document or
 * from another file, merged under it with the ordinary merge rules. Resolved per document,
 * recursively, with cycle detection. Relative paths of a base taken from another file are made
 * absolute against that file's folder.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { carryAll, formatPath, isMapping, keyPos, type Mapping } from './positions.js';
import { mergeFiles } from './merge.js';

/** Loads a whole other file for `extends.file` (parsed, interpolated, first document). */
export type FileLoader = (path: string) => Mapping | undefined;

interface Ctx {
  bag: DiagnosticBag;
  loadFile: FileLoader;
}

/** Returns a copy of `doc` where every service with `extends` is replaced by the merged result. */
export function resolveExtends(doc: Mapping, file: string, bag: DiagnosticBag, loadFile: FileLoader): Mapping {
  const services = doc.services;
  if (!isMapping(services)) return doc;
  if (!Object.values(services).some((s) => isMapping(s) && 'extends' in s)) return doc;
  const ctx: Ctx = { bag, loadFile };
  const out: Mapping = { ...doc };
  carryAll(out, doc);
  const newServices: Mapping = {};
  carryAll(newServices, services);
  const cache = new Map<string, Mapping>();
  for (const name of Object.keys(services)) {
    newServices[name] = resolveService(services, name, file, ctx, [], cache);
  }
  out.services = newServices;
  return out;
}

function resolveService(
  services: Mapping,
  name: string,
  file: string,
  ctx: Ctx,
  chain: string[],
  cache: Map<string, Mapping>,
): unknown {
  const key = `${file}#${name}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const svc = services[name];
  if (!isMapping(svc) || !('extends' in svc)) return svc;
  const ext = svc.extends;
  const path = ['services', name, 'extends'];
  let baseName: string | undefined;
  let baseFile: string | undefined;
  if (typeof ext === 'string') baseName = ext;
  else if (isMapping(ext) && typeof ext.service === 'string') {
    baseName = ext.service;
    if (typeof ext.file === 'string') baseFile = ext.file;
  }
  const child: Mapping = { ...svc };
  carryAll(child, svc);
  delete child.extends;
  if (!baseName) {
    ctx.bag.error({
      code: 'CXL1101',
      message: `invalid extends in service "${name}"`,
      pos: keyPos(svc, 'extends'),
      path: formatPath(path),
      expected: 'a service name, or a mapping with `service` and optional `file`',
    });
    return child;
  }
  if (chain.includes(key)) {
    ctx.bag.error({
      code: 'CXL1102',
      message: `extends cycle: ${[...chain, key].map((k) => k.split('#')[1]).join(' -> ')}`,
      pos: keyPos(svc, 'extends'),
      path: formatPath(path),
      hint: 'a service cannot extend itself, directly or through other services',
    });
    return child;
  }

  let baseServices = services;
  let baseFilePath = file;
  if (baseFile) {
    baseFilePath = isAbsolute(baseFile) ? baseFile : resolve(dirname(file), baseFile);
    const loaded = ctx.loadFile(baseFilePath);
    if (!loaded) {
      ctx.bag.error({
        code: 'CXL1103',
        message: `cannot read extends.file "${baseFile}" of service "${name}"`,
        pos: keyPos(ext, 'file'),
        path: formatPath([...path, 'file']),
        hint: 'the path is relative to the file that declares `extends`',
      });
      return child;
    }
    baseServices = isMapping(loaded.services) ? loaded.services : {};
  }
  if (!(baseName in baseServices)) {
    ctx.bag.error({
      code: 'CXL1104',
      message: `service "${name}" extends "${baseName}", which is not defined${baseFile ? ` in ${baseFile}` : ' in this file'}`,
      pos: keyPos(isMapping(ext) ? ext : svc, isMapping(ext) ? 'service' : 'extends'),
      path: formatPath(path),
      expected: `one of: ${Object.keys(baseServices).join(', ') || '(no services)'}`,
      hint: baseFile ? undefined : 'without `file:`, extends only looks at services of the same file',
    });
    return child;
  }
  const resolvedBase = resolveService(baseServices, baseName, baseFilePath, ctx, [...chain, key], cache);
  let base = isMapping(resolvedBase) ? resolvedBase : {};
  if (baseFilePath !== file) base = absolutisePaths(base, dirname(baseFilePath));
  const merged = mergeFiles({ services: { [name]: base } }, { services: { [name]: child } }, ctx.bag);
  const result = (merged.services as Mapping)[name] as Mapping;
  cache.set(key, result);
  return result;
}

/** Makes relative paths of a service taken from another folder absolute against that folder. */
function absolutisePaths(svc: Mapping, dir: string): Mapping {
  const out: Mapping = { ...svc };
  carryAll(out, svc);
  const abs = (p: string) => (isAbsolute(p) || p.startsWith('~') ? p : resolve(dir, p));
  if (typeof out.build === 'string') out.build = abs(out.build);
  else if (isMapping(out.build) && typeof out.build.context === 'string' && !/^[a-z]+:\/\//.test(out.build.context)) {
    out.build = { ...out.build, context: abs(out.build.context) };
  }
  if (typeof out.env_file === 'string') out.env_file = abs(out.env_file);
  else if (Array.isArray(out.env_file)) {
    out.env_file = out.env_file.map((e) =>
      typeof e === 'string' ? abs(e) : isMapping(e) && typeof e.path === 'string' ? { ...e, path: abs(e.path) } : e,
    );
  }
  if (Array.isArray(out.volumes)) {
    out.volumes = out.volumes.map((v) => {
      if (typeof v === 'string' && (v.startsWith('./') || v.startsWith('../') || v === '.' || v.startsWith('.:'))) {
        const idx = v.indexOf(':');
        return idx < 0 ? v : abs(v.slice(0, idx)) + v.slice(idx);
      }
      if (isMapping(v) && v.type === 'bind' && typeof v.source === 'string') return { ...v, source: abs(v.source) };
      return v;
    });
  }
  return out;
}
