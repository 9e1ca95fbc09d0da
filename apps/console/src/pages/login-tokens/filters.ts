import { id as idSchema, LOGIN_TOKEN_SORT_FIELDS, type LoginTokenSortField, type listLoginTokensInput } from '@latchkey/api/schemas';
import type { z } from 'zod';
import { type Day, dayEnd, dayStart, isDay } from '../../components/dates';
import type { PickedUser } from '../../components/user-picker';

export const CONDITION_OPS = ['eq', 'gt', 'gte', 'lt', 'lte'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
export type Condition = { op: ConditionOp; value: number };
type DayRange = { from: Day; to: Day };
export type Sort = { field: LoginTokenSortField; direction: 'asc' | 'desc' };

/** The Filters panel of the seed's screen, as the URL keeps it. */
export type LoginTokenFilters = {
  ids: string[];
  user: PickedUser | null;
  expiresAt: DayRange;
  createdAt: DayRange;
  updatedAt: DayRange;
  successfulAttempts: Condition | null;
  failedAttempts: Condition | null;
  oneTimeUse: 'any' | 'yes' | 'no';
};

export type ListState = { filters: LoginTokenFilters; sort: Sort; cursor: string | null };

const NO_RANGE: DayRange = { from: '', to: '' };
export const NO_FILTERS: LoginTokenFilters = {
  ids: [],
  user: null,
  expiresAt: NO_RANGE,
  createdAt: NO_RANGE,
  updatedAt: NO_RANGE,
  successfulAttempts: null,
  failedAttempts: null,
  oneTimeUse: 'any',
};
export const DEFAULT_SORT: Sort = { field: 'createdAt', direction: 'desc' };

const RANGES = { expiresAt: 'expires', createdAt: 'created', updatedAt: 'updated' } as const;
const CONDITIONS = { successfulAttempts: 'successful', failedAttempts: 'failed' } as const;

function parseCondition(text: string | null): Condition | null {
  const match = /^(eq|gt|gte|lt|lte):(\d{1,10})$/.exec(text ?? '');
  return match ? { op: match[1] as ConditionOp, value: Number(match[2]) } : null;
}

function parseUser(params: URLSearchParams): PickedUser | null {
  const match = /^(customer|company_user):(.+)$/.exec(params.get('user') ?? '');
  if (!match || !idSchema.safeParse(match[2]).success) return null;
  return { type: match[1] as PickedUser['type'], id: match[2]!, label: params.get('userName') || match[2]! };
}

/** The list's state from a URL's search params; what is not valid there is left out, never an error. */
export function parseListState(params: URLSearchParams): ListState {
  const range = (key: string): DayRange => {
    const from = params.get(`${key}From`) ?? '';
    const to = params.get(`${key}To`) ?? '';
    return { from: isDay(from) ? from : '', to: isDay(to) ? to : '' };
  };
  const oneTime = params.get('oneTimeUse');
  const [field, direction] = (params.get('sort') ?? '').split('.');
  const sort =
    (LOGIN_TOKEN_SORT_FIELDS as readonly string[]).includes(field ?? '') && (direction === 'asc' || direction === 'desc')
      ? { field: field as LoginTokenSortField, direction: direction as Sort['direction'] }
      : DEFAULT_SORT;
  return {
    filters: {
      ids: params.getAll('id').filter((value) => idSchema.safeParse(value).success),
      user: parseUser(params),
      expiresAt: range(RANGES.expiresAt),
      createdAt: range(RANGES.createdAt),
      updatedAt: range(RANGES.updatedAt),
      successfulAttempts: parseCondition(params.get(CONDITIONS.successfulAttempts)),
      failedAttempts: parseCondition(params.get(CONDITIONS.failedAttempts)),
      oneTimeUse: oneTime === 'yes' || oneTime === 'no' ? oneTime : 'any',
    },
    sort,
    cursor: params.get('cursor') || null,
  };
}

/** The search params for a state: only what differs from the defaults, so a plain list has a plain URL. */
export function listStateToParams(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  const { filters } = state;
  for (const id of filters.ids) params.append('id', id);
  if (filters.user) {
    params.set('user', `${filters.user.type}:${filters.user.id}`);
    params.set('userName', filters.user.label);
  }
  for (const [field, key] of Object.entries(RANGES) as [keyof typeof RANGES, string][]) {
    if (filters[field].from) params.set(`${key}From`, filters[field].from);
    if (filters[field].to) params.set(`${key}To`, filters[field].to);
  }
  for (const [field, key] of Object.entries(CONDITIONS) as [keyof typeof CONDITIONS, string][]) {
    const condition = filters[field];
    if (condition) params.set(key, `${condition.op}:${condition.value}`);
  }
  if (filters.oneTimeUse !== 'any') params.set('oneTimeUse', filters.oneTimeUse);
  if (state.sort.field !== DEFAULT_SORT.field || state.sort.direction !== DEFAULT_SORT.direction)
    params.set('sort', `${state.sort.field}.${state.sort.direction}`);
  if (state.cursor) params.set('cursor', state.cursor);
  return params;
}

/** Both ends of a day range as the API takes them: from the first day's midnight to the midnight after the last. */
function toRange(range: DayRange): { from?: string; to?: string } | undefined {
  const from = range.from ? dayStart(range.from) : null;
  const to = range.to ? dayEnd(range.to) : null;
  if (!from && !to) return undefined;
  return { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) };
}

// The input is optional (it has a default); the console always sends one.
export type ListInput = Exclude<z.input<typeof listLoginTokensInput>, undefined>;

/** What loginTokens.list is asked for a state. */
export function toListInput(state: ListState, limit = 25): ListInput {
  const { filters } = state;
  const input: ListInput = { sort: state.sort, limit };
  if (filters.ids.length) input.ids = filters.ids;
  if (filters.user?.type === 'customer') input.customerId = filters.user.id;
  if (filters.user?.type === 'company_user') input.companyUserId = filters.user.id;
  const expiresAt = toRange(filters.expiresAt);
  const createdAt = toRange(filters.createdAt);
  const updatedAt = toRange(filters.updatedAt);
  if (expiresAt) input.expiresAt = expiresAt;
  if (createdAt) input.createdAt = createdAt;
  if (updatedAt) input.updatedAt = updatedAt;
  if (filters.successfulAttempts) input.successfulAttempts = filters.successfulAttempts;
  if (filters.failedAttempts) input.failedAttempts = filters.failedAttempts;
  if (filters.oneTimeUse !== 'any') input.oneTimeUse = filters.oneTimeUse === 'yes';
  if (state.cursor) input.cursor = state.cursor;
  return input;
}

/** How many filters are set, for the Filters button. */
export function countFilters(filters: LoginTokenFilters): number {
  const ranges = [filters.expiresAt, filters.createdAt, filters.updatedAt].filter((r) => r.from || r.to).length;
  return (
    (filters.ids.length ? 1 : 0) +
    (filters.user ? 1 : 0) +
    ranges +
    (filters.successfulAttempts ? 1 : 0) +
    (filters.failedAttempts ? 1 : 0) +
    (filters.oneTimeUse === 'any' ? 0 : 1)
  );
}
