import { Patch } from './patch';
import { refreshAdminsFromPipedrive } from './refresh-admins-from-pipedrive.patch';
import { resendOrganizations } from './resend-organizations.patch';

export type { Patch } from './patch';

/** Every patch `hermes patch` can run; add new ones here. */
export const PATCHES: Patch[] = [refreshAdminsFromPipedrive, resendOrganizations];
