import { Injectable, Logger } from '@nestjs/common';
import { Tc2ClientInput } from '../core/companies/tc2-client';
import { Tc2Client } from './tc2.client';
import { Tc2NotFoundError } from './tc2.errors';
import { AgencyClient, tc2ClientInput, unknownPlan } from './tc2-client-input.util';

/** Clients read from TC2's API, in the core's terms. */
@Injectable()
export class Tc2ClientsService {
  private readonly logger = new Logger(Tc2ClientsService.name);

  constructor(private readonly tc2: Tc2Client) {}

  /**
   * The client with this id; null when TC2 no longer has it (deleted since an event named it) or
   * it is not a TutorCruncher account's owner. `field` names it in the caller's input, if it is there.
   */
  async fetch(id: number, field: string | null): Promise<Tc2ClientInput | null> {
    let client: AgencyClient;
    try {
      client = (await this.tc2.getClient(id)) as unknown as AgencyClient;
    } catch (error) {
      if (error instanceof Tc2NotFoundError) {
        this.logger.warn(`TC2 client ${id} no longer exists`);
        return null;
      }
      throw error;
    }
    if (!client.meta_agency) return null;
    // Read just now: as new as TC2's data gets, whatever the event that named it.
    return tc2ClientInput(client, { field, sentAt: null }, (plan) => this.logger.warn(unknownPlan(client.meta_agency.id, plan)));
  }
}
