import { generateKeyPairSync } from 'node:crypto';
import { AUTHORIZE_PATH, GoogleCalendarSimulator, GoogleSignInSimulator, TOKEN_PATH, USERINFO_PATH } from './google';
import { PipedriveSimulator } from './pipedrive';
import { Tc2Simulator } from './tc2';

export interface SandboxPorts {
  pipedrive: number;
  tc2: number;
  googleCalendar: number;
  googleSignIn: number;
}

export interface Sandbox {
  pipedrive: PipedriveSimulator;
  tc2: Tc2Simulator;
  googleCalendar: GoogleCalendarSimulator;
  googleSignIn: GoogleSignInSimulator;
  /** The Hermes settings that point it at these simulators. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const SERVICE_ACCOUNT = 'hermes-sandbox@sandbox.iam.gserviceaccount.com';

/**
 * All four simulators, started together, with the configuration that points Hermes at them.
 * Port 0 picks free ports (tests); the sandbox app uses fixed ones. The Google service account's
 * key pair is made here, so the Calendar simulator can check the signatures of Hermes' tokens.
 */
export async function startSandbox(ports: Partial<SandboxPorts> = {}): Promise<Sandbox> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pipedrive = new PipedriveSimulator();
  const tc2 = new Tc2Simulator();
  const googleCalendar = new GoogleCalendarSimulator({
    clientEmail: SERVICE_ACCOUNT,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const googleSignIn = new GoogleSignInSimulator();

  await pipedrive.start(ports.pipedrive ?? 0);
  await tc2.start(ports.tc2 ?? 0);
  await googleCalendar.start(ports.googleCalendar ?? 0);
  await googleSignIn.start(ports.googleSignIn ?? 0);

  return {
    pipedrive,
    tc2,
    googleCalendar,
    googleSignIn,
    env: {
      PD_BASE_URL: pipedrive.url,
      PD_API_KEY: pipedrive.apiToken,
      TC2_BASE_URL: tc2.url,
      TC2_API_KEY: tc2.apiKey,
      G_CLIENT_EMAIL: SERVICE_ACCOUNT,
      G_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      G_TOKEN_URI: `${googleCalendar.url}/token`,
      GOOGLE_CALENDAR_API_URL: googleCalendar.url,
      GOOGLE_OAUTH_CLIENT_ID: googleSignIn.clientId,
      GOOGLE_OAUTH_CLIENT_SECRET: googleSignIn.clientSecret,
      GOOGLE_OAUTH_AUTHORIZE_URL: `${googleSignIn.url}${AUTHORIZE_PATH}`,
      GOOGLE_OAUTH_TOKEN_URL: `${googleSignIn.url}${TOKEN_PATH}`,
      GOOGLE_OAUTH_USERINFO_URL: `${googleSignIn.url}${USERINFO_PATH}`,
    },
    stop: async () => {
      await Promise.all([pipedrive.stop(), tc2.stop(), googleCalendar.stop(), googleSignIn.stop()]);
    },
  };
}
