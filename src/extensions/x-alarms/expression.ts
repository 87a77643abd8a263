/**
 * `MacroParameters.CompositeExpression` of a top-level x-alarm → a CompositeAlarm AlarmRule.
 *
 * Syntax: names of other x-alarms combined with `and`, `or`, `not` (any case) and parentheses;
 * a bare name means ALARM(name); `ALARM(name)`, `OK(name)`, `INSUFFICIENT_DATA(name)` pick the
 * state; a double-quoted name refers to an alarm that exists outside this project. The result is
 * an Fn::Sub text referencing each x-alarm by its ARN: `ALARM("${<logical>.Arn}")`.
 */
import { escapeSub } from '../../cfn/intrinsics.js';

const TOKEN = /\s*(\(|\)|"[^"]*"|[A-Za-z0-9][A-Za-z0-9._-]*)/y;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);
const STATES = new Set(['ALARM', 'OK', 'INSUFFICIENT_DATA']);

export type RuleResult = { rule: string; refs: string[] } | { error: string };

/** Translates `expr`; `logicalOf(name)` gives the logical ID of a declared x-alarm, or undefined. */
export function compositeRule(expr: string, logicalOf: (name: string) => string | undefined): RuleResult {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < expr.length) {
    if (expr.slice(at).trim() === '') break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(expr);
    if (!m) return { error: `unexpected text "${expr.slice(at).trim()}"` };
    tokens.push(m[1]);
    at = TOKEN.lastIndex;
  }
  const out: string[] = [];
  const refs: string[] = [];
  let depth = 0;
  let expectOperand = true;
  const alarmRef = (name: string): string | { error: string } => {
    if (name.startsWith('"')) return escapeSub(name);
    const logical = logicalOf(name);
    if (logical === undefined) return { error: `"${name}" is not an alarm declared under x-alarms` };
    refs.push(logical);
    return `"\${${logical}.Arn}"`;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const upper = t.toUpperCase();
    if (t === '(') {
      if (!expectOperand) return { error: 'missing and/or before "("' };
      depth++;
      out.push('(');
    } else if (t === ')') {
      if (expectOperand || depth === 0) return { error: 'unbalanced or empty parentheses' };
      depth--;
      out.push(')');
    } else if (OPERATORS.has(upper)) {
      if (upper === 'NOT') {
        if (!expectOperand) return { error: 'missing and/or before "not"' };
      } else if (expectOperand) return { error: `"${t}" needs an alarm before it` };
      else expectOperand = true;
      out.push(upper);
    } else {
      if (!expectOperand) return { error: `missing and/or before "${t}"` };
      if (STATES.has(t) && tokens[i + 1] === '(') {
        const name = tokens[i + 2];
        if (name === undefined || tokens[i + 3] !== ')' || name === '(' || name === ')') return { error: `${t}( must hold one alarm name` };
        const r = alarmRef(name);
        if (typeof r !== 'string') return r;
        out.push(`${t}(${r})`);
        i += 3;
      } else {
        const r = alarmRef(t);
        if (typeof r !== 'string') return r;
        out.push(`ALARM(${r})`);
      }
      expectOperand = false;
    }
  }
  if (depth !== 0) return { error: 'unbalanced parentheses' };
  if (expectOperand) return { error: out.length === 0 ? 'the expression is empty' : 'the expression ends with an operator' };
  return { rule: out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')'), refs };
}
