import { Injectable } from '@nestjs/common';
import { DoctorCheck, guarded } from './doctor-check';
import { GoogleChecks } from './google.checks';
import { PipedriveChecks } from './pipedrive.checks';
import { SettingsChecks } from './settings.checks';
import { Tc2Checks } from './tc2.checks';

/**
 * `hermes doctor`: whether this deployment can work, a check at a time (the database's are
 * `DatabaseChecks`, run before these). Each integration's checks go through its own client; none
 * changes anything.
 */
@Injectable()
export class DoctorService {
  constructor(
    private readonly settings: SettingsChecks,
    private readonly tc2: Tc2Checks,
    private readonly pipedrive: PipedriveChecks,
    private readonly google: GoogleChecks,
  ) {}

  async run(): Promise<DoctorCheck[]> {
    return [
      ...(await guarded('Settings', () => this.settings.run())),
      ...(await guarded('TC2', () => this.tc2.run())),
      ...(await guarded('Pipedrive', () => this.pipedrive.run())),
      ...(await guarded('Google', () => this.google.run())),
    ];
  }
}
