/**
 * EventBridge schedule expressions: `rate(<n> <unit>)` (unit singular for 1, plural otherwise:
 * `rate(1 hour)`, `rate(12 hours)`) and `cron(<minutes> <hours> <day-of-month> <month>
 * <day-of-week> <year>)`, six fields, one of day-of-month / day-of-week being `?`.
 */

/** Why `expression` is no EventBridge schedule (undefined: it is one). */
export function scheduleProblem(expression: string): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return rateProblem(rate[1]);
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronProblem(cron[1]);
  return 'it is neither rate(...) nor cron(...)';
}

function rateProblem(body: string): string | undefined {
  const m = /^([0-9]+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) return 'a rate is `rate(<n> minute(s)|hour(s)|day(s))`';
  const n = Number(m[1]);
  if (n < 1) return 'a rate is at least 1';
  const plural = m[2].endsWith('s');
  if (n === 1 && plural) return `the unit of rate 1 is singular: rate(1 ${m[2].slice(0, -1)})`;
  if (n > 1 && !plural) return `the unit of a rate above 1 is plural: rate(${n} ${m[2]}s)`;
  return undefined;
}

/** Characters each cron field accepts, in field order. */
const CRON_FIELDS: { name: string; chars: RegExp }[] = [
  { name: 'minutes', chars: /^[0-9,\-*/]+$/ },
  { name: 'hours', chars: /^[0-9,\-*/]+$/ },
  { name: 'day-of-month', chars: /^[0-9,\-*/?LW]+$/ },
  { name: 'month', chars: /^[0-9A-Za-z,\-*/]+$/ },
  { name: 'day-of-week', chars: /^[0-9A-Za-z,\-*/?L#]+$/ },
  { name: 'year', chars: /^[0-9,\-*/]+$/ },
];

function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 6) return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${fields.length}`;
  for (let i = 0; i < 6; i++) {
    if (!CRON_FIELDS[i].chars.test(fields[i])) return `the ${CRON_FIELDS[i].name} field "${fields[i]}" is not valid`;
  }
  if ((fields[2] === '?') === (fields[4] === '?')) return 'exactly one of day-of-month and day-of-week must be "?"';
  return undefined;
}
