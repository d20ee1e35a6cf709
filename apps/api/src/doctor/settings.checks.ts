import { Injectable } from '@nestjs/common';
import { DEV_SIGNING_KEY, HermesConfig } from '../config/hermes-config';
import { DoctorCheck, passed, problem } from './doctor-check';

/** Settings that are wrong whatever the other systems say. */
@Injectable()
export class SettingsChecks {
  constructor(private readonly config: HermesConfig) {}

  async run(): Promise<DoctorCheck[]> {
    return [this.signingKey(), this.hermesUrl()];
  }

  private signingKey(): DoctorCheck {
    const development = this.config.signingKey === DEV_SIGNING_KEY;
    if (development && this.config.production) {
      return problem('SIGNING_KEY', 'is the public development key: anyone can forge sessions and support links', 'set SIGNING_KEY to a secret of your own (at least 16 characters)');
    }
    return passed('SIGNING_KEY', development ? 'the development key (refused in production)' : 'a key of your own');
  }

  /** Pipedrive's webhooks, Google's sign-in callback and the SPA's links are built from it. */
  private hermesUrl(): DoctorCheck {
    const url = this.config.hermesUrl;
    const host = URL.canParse(url) ? new URL(url).hostname : '';
    const local = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
    if (local && this.config.production) {
      return problem('HERMES_URL', `is ${url}: Pipedrive, Google and browsers elsewhere cannot reach it`, 'set HERMES_URL to the public URL of this Hermes, e.g. https://hermes.tutorcruncher.com');
    }
    return passed('HERMES_URL', url);
  }
}
