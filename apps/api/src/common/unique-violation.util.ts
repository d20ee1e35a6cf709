import { QueryFailedError } from 'typeorm';

/** Postgres refused a row because another transaction inserted the same unique key first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

/**
 * Runs `work` (a transaction) again once if it lost a race to insert the same unique key: two first
 * deliveries about one object both try to create it, and the loser finds it on its second try.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return work();
  }
}
