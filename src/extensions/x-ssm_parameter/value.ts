/**
 * The Value of a new parameter: `Properties.Value`, or the content of `MacroParameters.FromFile`
 * (a path relative to the compose file that declares it), checked and transformed as asked:
 *
 *  - ValidateJson: the content must parse as JSON (error CXJ1004 at the file's line and column,
 *    a warning CXJ2002 instead with IgnoreInvalidJson, the content then kept as is);
 *    MinimizeJson: written again without spaces (implies the JSON check);
 *  - ValidateYaml: the content must parse as YAML (CXJ1005, or CXJ2002 with IgnoreInvalidYaml);
 *    RenderToJson: the YAML document written as compact JSON (implies the YAML check);
 *  - EncodeToBase64: the value wrapped in Fn::Base64.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { SourcePos } from '../../diagnostics/diagnostic.js';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';

export interface Macro {
  FromFile?: string;
  ValidateJson?: boolean;
  MinimizeJson?: boolean;
  IgnoreInvalidJson?: boolean;
  ValidateYaml?: boolean;
  RenderToJson?: boolean;
  IgnoreInvalidYaml?: boolean;
  EncodeToBase64?: boolean;
}

/** Line and column (1-based) of character `offset` of `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Where JSON.parse stopped, from its message (`at position N`), else the end of the text. */
function jsonErrorOffset(text: string, message: string): number {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) : text.length;
}

/**
 * The parameter's value, or undefined when it cannot be determined (reported). `path` is the
 * key path of the parameter (`['x-ssm_parameter', name]`).
 */
export function parameterValue(doc: Mapping, path: string[], def: Mapping, bag: DiagnosticBag): CfnValue | undefined {
  const at = (...p: string[]) => ({ path: formatPath([...path, ...p]), pos: posAt(doc, [...path, ...p]) });
  const props = isMapping(def.Properties) ? def.Properties : {};
  const macro = (isMapping(def.MacroParameters) ? def.MacroParameters : {}) as Macro;
  let value: CfnValue | undefined;
  let fromFile: string | undefined;
  if (macro.FromFile !== undefined) {
    fromFile = readValueFile(doc, path, macro, bag);
    if (fromFile === undefined) return undefined;
  }
  if (props.Value !== undefined) {
    if (fromFile !== undefined) {
      bag.warn({
        code: 'CXJ2001',
        message: `parameter "${path[1]}" has both Properties.Value and MacroParameters.FromFile: Properties.Value is used (as in 1.x)`,
        ...at('Properties', 'Value'),
        hint: 'remove one of them',
      });
    }
    value = props.Value as CfnValue;
  } else value = fromFile;
  if (value === undefined || value === '') {
    bag.error({
      code: 'CXJ1002',
      message: `parameter "${path[1]}" has no value`,
      ...at('Properties'),
      expected: 'Properties.Value, or MacroParameters.FromFile naming a file that is not empty',
    });
    return undefined;
  }
  return macro.EncodeToBase64 ? { 'Fn::Base64': value } : value;
}

function readValueFile(doc: Mapping, path: string[], macro: Macro, bag: DiagnosticBag): string | undefined {
  const keyPath = [...path, 'MacroParameters', 'FromFile'];
  const where = { path: formatPath(keyPath), pos: posAt(doc, keyPath) };
  const given = macro.FromFile as string;
  const base = where.pos?.file ? dirname(where.pos.file) : process.cwd();
  const file = isAbsolute(given) ? given : resolve(base, given);
  if (!existsSync(file) || !statSync(file).isFile()) {
    bag.error({
      code: 'CXJ1003',
      message: `parameter "${path[1]}": FromFile ${given} is not a file (looked for ${file})`,
      ...where,
      expected: 'a path to a text file, relative to the compose file that names it',
    });
    return undefined;
  }
  const text = readFileSync(file, 'utf8');
  const filePos = (offset: number): SourcePos => ({ file, ...lineColumn(text, offset) });
  if (macro.ValidateJson || macro.MinimizeJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      if (macro.IgnoreInvalidJson) {
        bag.warn({ code: 'CXJ2002', message: `parameter "${path[1]}": ${given} is not valid JSON (${message}); used as it is (IgnoreInvalidJson)`, ...where });
        return text;
      }
      bag.error({
        code: 'CXJ1004',
        message: `parameter "${path[1]}": ${given} is not valid JSON: ${message}`,
        path: where.path,
        pos: filePos(jsonErrorOffset(text, message)),
        expected: 'a JSON document (ValidateJson / MinimizeJson)',
        hint: 'fix the file, or set IgnoreInvalidJson: true to use it as it is',
      });
      return undefined;
    }
    return macro.MinimizeJson ? JSON.stringify(parsed) : text;
  }
  if (macro.ValidateYaml || macro.RenderToJson) {
    const parsed = parseDocument(text, { prettyErrors: false });
    const err = parsed.errors[0];
    if (err) {
      if (macro.IgnoreInvalidYaml) {
        bag.warn({ code: 'CXJ2002', message: `parameter "${path[1]}": ${given} is not valid YAML (${err.message}); used as it is (IgnoreInvalidYaml)`, ...where });
        return text;
      }
      bag.error({
        code: 'CXJ1005',
        message: `parameter "${path[1]}": ${given} is not valid YAML: ${err.message.split('\n')[0]}`,
        path: where.path,
        pos: filePos(err.pos[0]),
        expected: 'a YAML document (ValidateYaml / RenderToJson)',
        hint: 'fix the file, or set IgnoreInvalidYaml: true to use it as it is',
      });
      return undefined;
    }
    return macro.RenderToJson ? JSON.stringify(parsed.toJS()) : text;
  }
  return text;
}
