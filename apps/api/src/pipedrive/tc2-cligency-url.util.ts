/** TC2's page of a client, which Pipedrive holds in a custom field (SPEC.md §6); empty without a cligency, as v2. */
export function tc2CligencyUrl(tc2BaseUrl: string, cligencyId: number | null): string {
  return cligencyId ? `${tc2BaseUrl}/clients/${cligencyId}/` : '';
}
