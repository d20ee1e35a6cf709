import { Injectable } from '@nestjs/common';

/** Where the process is in its life: starting until it listens, serving, then draining once told to stop. */
export type LifecycleState = 'starting' | 'serving' | 'draining';

/** The process' own part of readiness (GET /health/ready): set by the entry points and the shutdown. */
@Injectable()
export class ReadinessService {
  private current: LifecycleState = 'starting';

  get state(): LifecycleState {
    return this.current;
  }

  /** It listens: from now on requests are served (draining is for good). */
  serving(): void {
    if (this.current === 'starting') this.current = 'serving';
  }

  draining(): void {
    this.current = 'draining';
  }
}
