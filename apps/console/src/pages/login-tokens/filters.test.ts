import { describe, expect, it } from 'vitest';
import { type ListState, listStateToParams, NO_FILTERS, parseListState, toListInput } from './filters';

const A = '0b7a7f36-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const B = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';

const everything: ListState = {
  filters: {
    ids: [A, B],
    user: { type: 'company_user', id: B, label: 'Sonia Wagner — Contact at ACME GmbH' },
    expiresAt: { from: '2026-12-01', to: '2026-12-31' },
    createdAt: { from: '2026-11-01', to: '' },
    updatedAt: { from: '', to: '2026-12-02' },
    successfulAttempts: { op: 'gte', value: 1 },
    failedAttempts: { op: 'eq', value: 0 },
    oneTimeUse: 'no',
  },
  sort: { field: 'expiresAt', direction: 'asc' },
  cursor: 'abc',
};

describe('login-token filters in the URL', () => {
  it('come back from the URL as they went in, every filter set', () => {
    const params = listStateToParams(everything);
    expect(parseListState(new URLSearchParams(params.toString()))).toEqual(everything);
  });

  it('leave a plain list with a plain URL', () => {
    const params = listStateToParams({ filters: NO_FILTERS, sort: { field: 'createdAt', direction: 'desc' }, cursor: null });
    expect(params.toString()).toBe('');
  });

  it('drop what is not valid in a hand-edited URL instead of failing', () => {
    const state = parseListState(
      new URLSearchParams(
        `id=nope&id=${A}&expiresFrom=2026-02-30&successful=gte:x&failed=lt:3&oneTimeUse=maybe&sort=token.asc&user=customer:1`,
      ),
    );
    expect(state.filters.ids).toEqual([A]);
    expect(state.filters.expiresAt).toEqual({ from: '', to: '' });
    expect(state.filters.successfulAttempts).toBeNull();
    expect(state.filters.failedAttempts).toEqual({ op: 'lt', value: 3 });
    expect(state.filters.oneTimeUse).toBe('any');
    expect(state.filters.user).toBeNull();
    expect(state.sort).toEqual({ field: 'createdAt', direction: 'desc' });
  });

  it('ask loginTokens.list for whole local days, the last one included', () => {
    const input = toListInput(everything);
    expect(input).toMatchObject({
      ids: [A, B],
      companyUserId: B,
      successfulAttempts: { op: 'gte', value: 1 },
      failedAttempts: { op: 'eq', value: 0 },
      oneTimeUse: false,
      sort: { field: 'expiresAt', direction: 'asc' },
      cursor: 'abc',
    });
    expect(input.expiresAt).toEqual({ from: new Date(2026, 11, 1).toISOString(), to: new Date(2027, 0, 1).toISOString() });
    expect(input.createdAt).toEqual({ from: new Date(2026, 10, 1).toISOString() });
    expect(input.updatedAt).toEqual({ to: new Date(2026, 11, 3).toISOString() });
    expect(input.customerId).toBeUndefined();
  });

  it('send a customer as customerId and "yes" as oneTimeUse true', () => {
    const input = toListInput({
      ...everything,
      filters: { ...NO_FILTERS, user: { type: 'customer', id: A, label: 'x' }, oneTimeUse: 'yes' },
      cursor: null,
    });
    expect(input).toEqual({ customerId: A, oneTimeUse: true, sort: { field: 'expiresAt', direction: 'asc' }, limit: 25 });
  });
});
