import type { Rng } from '../prng.js';
import { junkJson, junkValue, randomUuid, randomWord } from './junk.js';

/** The JSON Schema subset zod's toJSONSchema emits for the admin API's inputs. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
};

/** Real ids and client ids, so some valid-looking inputs name rows that exist. */
export type RealIds = { uuids: string[]; clientIds: string[] };

type Context = { rng: Rng; defs: Record<string, JsonSchema>; real: RealIds; depth: number };

const isoDate = (rng: Rng) =>
  new Date(Date.UTC(rng.between(1990, 2040), rng.int(12), rng.between(1, 28), rng.int(24), rng.int(60), rng.int(60))).toISOString();

function stringFor(schema: JsonSchema, c: Context): string {
  const { rng } = c;
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, 200);
  switch (schema.format) {
    case 'uuid':
    case 'guid':
      return rng.chance(0.5) && c.real.uuids.length ? rng.pick(c.real.uuids) : randomUuid(rng);
    case 'email':
      return `${randomWord(rng, 1, 12).toLowerCase()}@${rng.pick(['example.com', 'example.org', 'b2b.test'])}`;
    case 'date-time':
      return isoDate(rng);
    case 'uri':
      return `https://${randomWord(rng, 1, 10).toLowerCase()}.example.com/${randomWord(rng, 0, 10)}`;
    case 'ipv4':
      return `${rng.int(256)}.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`;
    case 'ipv6':
      return `2001:db8::${rng.int(65536).toString(16)}`;
  }
  if (schema.pattern?.includes('{3,64}'))
    return rng.chance(0.5) && c.real.clientIds.length ? rng.pick(c.real.clientIds) : randomWord(rng, 3, 30);
  if (schema.pattern?.includes('\\x21')) return randomWord(rng, 1, 20);
  return randomWord(rng, Math.max(min, 1), Math.max(Math.min(max, min + 30), min, 1)).slice(0, max || undefined);
}

function numberFor(schema: JsonSchema, c: Context, integer: boolean): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : 0);
  const high = Math.min(
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : low + 1000),
    low + 1_000_000,
  );
  return integer ? c.rng.between(Math.ceil(low), Math.floor(high)) : low + c.rng.next() * (high - low);
}

/** A value the schema accepts, as far as the generator can tell (patterns it does not know may miss). */
function validValue(schema: JsonSchema, c: Context): unknown {
  const { rng } = c;
  if (schema.$ref) {
    const target = c.defs[schema.$ref.replace('#/$defs/', '')];
    return target && c.depth < 4 ? validValue(target, { ...c, depth: c.depth + 1 }) : null;
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return validValue(rng.pick(choices), c);
  const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || rng.chance(0.4)) out[key] = validValue(property, { ...c, depth: c.depth + 1 });
      }
      return out;
    }
    case 'array': {
      const length = rng.between(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4));
      return Array.from({ length }, () => (schema.items ? validValue(schema.items, { ...c, depth: c.depth + 1 }) : null));
    }
    case 'string':
      return stringFor(schema, c);
    case 'integer':
      return numberFor(schema, c, true);
    case 'number':
      return numberFor(schema, c, false);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      // `{}`: anything (a Date in zod, a JSON value on the wire).
      return rng.chance(0.5) ? isoDate(rng) : junkJson(rng, 2);
  }
}

/** One value that breaks the schema in one place: wrong type, out of range, too long, extra or missing key. */
function brokenValue(schema: JsonSchema, c: Context): unknown {
  const { rng } = c;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return rng.weighted<() => unknown>([
    [3, () => junkJson(rng, 2, c.real.uuids)],
    [2, () => junkValue(rng, c.real.uuids)],
    [type === 'string' ? 3 : 0, () => 'x'.repeat((schema.maxLength ?? 1000) + rng.pick([1, 1000]))],
    [type === 'string' ? 2 : 0, () => `${stringFor(schema, c)}${rng.pick(['\u0000', '\ud800', '\u202e', ' ', '\n', "'"])}`],
    [
      type === 'integer' || type === 'number' ? 3 : 0,
      () => rng.pick([(schema.maximum ?? 0) + 1, (schema.minimum ?? 0) - 1, 1.5, -0, 2 ** 53, 1e308, '1']),
    ],
    [type === 'array' ? 2 : 0, () => Array.from({ length: (schema.maxItems ?? 10) + 1 }, () => validValue(schema.items ?? {}, c))],
  ])();
}

/** A valid value with, most of the time, one part broken: inputs that get past the parser and reach a rule. */
export function nearlyValidValue(schema: JsonSchema, c: Context, breakProbability: number): unknown {
  const { rng } = c;
  const resolved = schema.$ref ? (c.defs[schema.$ref.replace('#/$defs/', '')] ?? {}) : schema;
  if (!rng.chance(breakProbability)) return validValue(resolved, c);
  if (resolved.type !== 'object' || !resolved.properties || c.depth > 3 || rng.chance(0.25)) return brokenValue(resolved, c);
  const value = validValue(resolved, c) as Record<string, unknown>;
  const keys = Object.keys(resolved.properties);
  rng.weighted<() => void>([
    [
      5,
      () => {
        const key = rng.pick(keys);
        value[key] = nearlyValidValue(resolved.properties![key]!, { ...c, depth: c.depth + 1 }, 1);
      },
    ],
    // defineProperty: `__proto__` as an own key, the way JSON.parse on the server makes it.
    [
      1,
      () =>
        Object.defineProperty(value, rng.pick(['extra', '__proto__', 'constructor', randomWord(rng)]), {
          value: junkJson(rng, 1),
          enumerable: true,
          writable: true,
          configurable: true,
        }),
    ],
    [
      1,
      () => {
        if (resolved.required?.length) delete value[rng.pick(resolved.required)];
      },
    ],
  ])();
  return value;
}

export const valueContext = (rng: Rng, schema: JsonSchema, real: RealIds): Context => ({ rng, defs: schema.$defs ?? {}, real, depth: 0 });
