import { HermesConfig } from '../config/hermes-config';
import { GOOGLE_CALLBACK_PATH } from './google.strategy';

export type GoogleSignInProbe = { outcome: 'accepted' } | { outcome: 'refused' | 'failed'; reason: string };

/**
 * Whether Google knows Hermes' OAuth client: the token endpoint is asked to redeem a code that
 * cannot exist. Google answers `invalid_client` when the client id or secret is wrong, and
 * `invalid_grant` (the code) once they are right, so nobody need sign in to find out.
 */
export async function probeGoogleSignIn(config: HermesConfig, { timeoutMs = 10_000 } = {}): Promise<GoogleSignInProbe> {
  const { clientId, clientSecret, tokenUrl } = config.googleOAuth;
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: 'hermes-doctor-probe',
    redirect_uri: `${config.hermesUrl}${GOOGLE_CALLBACK_PATH}`,
    client_id: clientId ?? '',
    client_secret: clientSecret ?? '',
  });
  let response: Response;
  try {
    response = await fetch(tokenUrl, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { outcome: 'failed', reason: `${tokenUrl} could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
  const answer = (await response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
  const said = [answer.error, answer.error_description].filter((part) => typeof part === 'string' && part).join(': ');
  if (answer.error === 'invalid_grant') return { outcome: 'accepted' };
  if (answer.error === 'invalid_client' || answer.error === 'unauthorized_client') return { outcome: 'refused', reason: said };
  return { outcome: 'failed', reason: `${tokenUrl} answered ${response.status}${said ? ` (${said})` : ''}` };
}
