import type { Measurement } from '../scenarios/measurement.js';

/**
 * Keycloak's published sizing (its "Concepts for sizing CPU and memory
 * resources" guide): what one vCPU serves per second, for the grants it
 * names. The comparison is per core of CPU actually spent, so it holds
 * whatever else the machine was doing.
 */
const KEYCLOAK_PER_VCPU: Partial<Record<Measurement['scenario'], number>> = {
  password: 15,
  refresh: 120,
  'client-credentials': 120,
};

export type PerCore = {
  label: string;
  setup: string;
  /** Successful requests per second per core of CPU spent by the server and, on PostgreSQL, the database. */
  perCore: number;
  keycloak: number | null;
};

/** Each Latchkey grant's requests per core-second (auth + database CPU per request, from the CPU column). */
export function computePerCore(all: Measurement[]): PerCore[] {
  return all
    .filter((m) => m.system === 'Latchkey' && m.variant === 'main' && m.unit === 'req/s' && m.serverCpuMs !== null && m.errors === 0)
    .filter((m) => m.serverCpuMs! + (m.databaseCpuMs ?? 0) > 0)
    .map((m) => ({
      label: m.label,
      setup: m.setup,
      perCore: 1000 / (m.serverCpuMs! + (m.databaseCpuMs ?? 0)),
      keycloak: KEYCLOAK_PER_VCPU[m.scenario] ?? null,
    }));
}
