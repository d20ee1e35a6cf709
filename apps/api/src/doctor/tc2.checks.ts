import { Injectable } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { Tc2Client } from '../tc2/tc2.client';
import { Tc2AuthError, Tc2Error } from '../tc2/tc2.errors';
import { DoctorCheck, passed, problem } from './doctor-check';

const FIX_KEY = "set TC2_API_KEY to the private key of Hermes' API integration in TC2 (README: Registering Hermes in TC2)";

/** TC2 takes Hermes' key: the same key signs TC2's webhooks, so a wrong one also fails every webhook. */
@Injectable()
export class Tc2Checks {
  constructor(
    private readonly config: HermesConfig,
    private readonly tc2: Tc2Client,
  ) {}

  async run(): Promise<DoctorCheck[]> {
    const { apiKey, baseUrl } = this.config.tc2;
    if (!apiKey) return [problem('TC2', 'TC2_API_KEY is not set', FIX_KEY)];
    try {
      const clients = await this.tc2.countClients();
      return [passed('TC2', `${baseUrl} accepts TC2_API_KEY (${clients} clients)`)];
    } catch (error) {
      if (error instanceof Tc2AuthError) return [problem('TC2', `${baseUrl} refuses TC2_API_KEY (${error.status})`, FIX_KEY)];
      if (!(error instanceof Tc2Error)) throw error;
      return [problem('TC2', `${baseUrl} did not answer as TC2 does: ${error.message}`, 'check TC2_BASE_URL, e.g. https://secure.tutorcruncher.com')];
    }
  }
}
