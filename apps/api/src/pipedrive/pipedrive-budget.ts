import { Logger } from '@nestjs/common';

/** Where the daily request budget Pipedrive last reported is kept, for the dashboard. */
export const PIPEDRIVE_BUDGET_STATE = 'pipedrive.daily-budget';

export interface PipedriveBudget {
  /** `x-daily-requests-left` of the latest answer recorded. */
  left: number;
}

const RECORD_EVERY_MS = 30_000;

/**
 * Records what Pipedrive says is left of the day's requests, at most every 30 s (each answer says
 * it; a write per request would double the database's work for a number read on the dashboard).
 */
export class PipedriveBudgetRecorder {
  private readonly logger = new Logger(PipedriveBudgetRecorder.name);
  private lastRecorded = 0;

  constructor(private readonly save: (budget: PipedriveBudget) => Promise<void>) {}

  observe(left: number): void {
    const now = Date.now();
    if (now - this.lastRecorded < RECORD_EVERY_MS) return;
    this.lastRecorded = now;
    this.save({ left }).catch((error: Error) => this.logger.warn(`Could not record Pipedrive's daily budget: ${error.message}`));
  }
}
