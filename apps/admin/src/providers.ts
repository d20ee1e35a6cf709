import { AuthProvider, fetchUtils, HttpError } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';

/**
 * fetchJson, but every write is declared JSON: Hermes refuses other writes (its CSRF rule), and
 * ra-data-simple-rest sends DELETE as text/plain. Same origin, so the session cookie goes along.
 */
export const httpClient = (url: string, options: fetchUtils.Options = {}) => {
  const headers = new Headers(options.headers);
  if (options.method && options.method !== 'GET') headers.set('Content-Type', 'application/json');
  return fetchUtils.fetchJson(url, { ...options, headers });
};

export const dataProvider = simpleRestProvider('/admin-api', httpClient);

interface SignedInAdmin {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
}

async function me(): Promise<SignedInAdmin> {
  const response = await fetch('/auth/me', { headers: { Accept: 'application/json' } });
  // `message: false`: going to the sign-in page needs no "please sign in" notice.
  if (!response.ok) throw { message: false };
  return (await response.json()) as SignedInAdmin;
}

/** Sign-in is Google's (the sign-in page links to /auth/google); the session is Hermes' cookie. */
export const authProvider: AuthProvider = {
  login: async () => {
    window.location.href = '/auth/google';
  },
  checkAuth: async () => {
    await me();
  },
  checkError: async (error: HttpError) => {
    if (error?.status === 401) throw { message: 'Your session has ended: please sign in again.' };
  },
  logout: async () => {
    await fetch('/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' } });
  },
  getIdentity: async () => {
    const admin = await me();
    const fullName = `${admin.first_name} ${admin.last_name}`.trim();
    return { id: admin.id, fullName: fullName || admin.email };
  },
};
