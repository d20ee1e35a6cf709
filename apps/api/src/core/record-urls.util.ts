/**
 * Where a record lives in the other systems, from their configured base URLs: the links the SPA
 * shows, the ones calendar invites carry, and the ones each system keeps of the other.
 */

/** An object's page in Pipedrive (a Company's is also its `pipedrive_url` in TC2); null when it is not there or Pipedrive is not configured. */
export function pipedriveUrl(pdBaseUrl: string | undefined, kind: 'organization' | 'person' | 'deal', id: number | null): string | null {
  return pdBaseUrl && id ? `${pdBaseUrl}/${kind}/${id}/` : null;
}

/** TC2's page of a client, which Pipedrive keeps in the `tc2_cligency_url` field; empty without a cligency, as v2. */
export function tc2CligencyUrl(tc2BaseUrl: string, cligencyId: number | null): string {
  return cligencyId ? `${tc2BaseUrl}/clients/${cligencyId}/` : '';
}
