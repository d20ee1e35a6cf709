/** An object's page in Pipedrive (a Company's is also its `pipedrive_url` in TC2); null when it is not there or Pipedrive is not configured. */
export function pipedriveUrl(pdBaseUrl: string | undefined, kind: 'organization' | 'person' | 'deal', id: number | null): string | null {
  return pdBaseUrl && id ? `${pdBaseUrl}/${kind}/${id}/` : null;
}
