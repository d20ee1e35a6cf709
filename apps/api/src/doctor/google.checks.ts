import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin } from '@hermes/database';
import { DataSource } from 'typeorm';
import { probeGoogleSignIn } from '../auth/google-sign-in.probe';
import { GOOGLE_CALLBACK_PATH } from '../auth/google.strategy';
import { HermesConfig } from '../config/hermes-config';
import { GoogleCalendarClient } from '../google-calendar/google-calendar.client';
import { GoogleCalendarAuthError } from '../google-calendar/google-calendar.errors';
import { DoctorCheck, passed, problem } from './doctor-check';

/**
 * Google as Hermes needs it: for every admin who takes bookings, a token for their calendar with the
 * scopes the calendar client asks for, and a free/busy query answered; and the sign-in client known
 * to Google, with someone to sign in.
 */
@Injectable()
export class GoogleChecks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: HermesConfig,
    private readonly calendar: GoogleCalendarClient,
  ) {}

  async run(): Promise<DoctorCheck[]> {
    return [...(await this.calendars()), await this.signIn()];
  }

  private async calendars(): Promise<DoctorCheck[]> {
    const { clientEmail, privateKey, clientId } = this.config.google;
    if (!clientEmail || !privateKey) {
      return [problem('Google Calendar', 'G_CLIENT_EMAIL and G_PRIVATE_KEY are not set: no booking can reach a calendar', 'set the G_* settings from the JSON key of a service account with domain-wide delegation')];
    }
    // Sales calls go to sales people, support calls to support people.
    const bookable = await this.dataSource.manager.find(Admin, { where: [{ is_sales_person: true }, { is_support_person: true }], order: { id: 'ASC' } });
    if (!bookable.length) {
      return [problem('Google Calendar', 'no admin is a sales or support person: the callbooker has nobody to book', "tick Sales repr or Support repr on the SPA's Admins page")];
    }
    const scopes = this.calendar.scopes.join(', ');
    const checks: DoctorCheck[] = [];
    const now = new Date();
    for (const admin of bookable) {
      const name = `Google Calendar of ${admin.username}`;
      try {
        await this.calendar.freeBusy(admin.username, now, new Date(now.getTime() + 60 * 60 * 1000));
        checks.push(passed(name, `a token with ${scopes}, and free/busy answered`));
      } catch (error) {
        const message = (error as Error).message;
        checks.push(
          error instanceof GoogleCalendarAuthError
            ? problem(
                name,
                `Google gives no token with ${scopes}: ${message}`,
                `in the Google Workspace admin console (Security → API controls → Domain-wide delegation) let client ${clientId ?? "G_CLIENT_ID (the service account's client id)"} use ${scopes}; the admin's email must be a user of that Workspace`,
              )
            : problem(name, `free/busy failed: ${message}`, "check that this admin's email is their Google Calendar's"),
        );
      }
    }
    return checks;
  }

  private async signIn(): Promise<DoctorCheck> {
    const name = 'Google sign-in';
    const { clientId, clientSecret } = this.config.googleOAuth;
    if (!clientId || !clientSecret) {
      return problem(name, 'GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET are not set: nobody can sign in to the SPA', 'create an OAuth client (README: Configuring Google sign-in) and set both');
    }
    const probe = await probeGoogleSignIn(this.config);
    if (probe.outcome === 'refused') {
      return problem(name, `Google does not accept GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET (${probe.reason})`, "copy both again from the OAuth client in the Google Cloud console (APIs & Services → Credentials)");
    }
    if (probe.outcome === 'failed') return problem(name, probe.reason, 'check GOOGLE_OAUTH_TOKEN_URL, or leave it unset for Google');
    const admins = await this.dataSource.manager.count(Admin);
    if (!admins) return problem(name, 'Google knows the client, but there is no Admin to sign in', 'create the first with `npm run hermes -- create-admin --email you@tutorcruncher.com …`');
    return passed(name, `Google knows the client; ${admins} admins may sign in, returning to ${this.config.hermesUrl}${GOOGLE_CALLBACK_PATH}`);
  }
}
