import { Company, Contact, Deal } from '@hermes/database';
import { pipedriveUrl, tc2CligencyUrl } from '../core/record-urls.util';

/** Where the SPA links to an object in Pipedrive and TC2; null when it is not there (or Pipedrive is not configured). */
export interface Links {
  pd_url: string | null;
  tc2_url?: string | null;
}

export function companyLinks(company: Company, pdBaseUrl: string | undefined, tc2BaseUrl: string): Links {
  return { pd_url: pipedriveUrl(pdBaseUrl, 'organization', company.pd_org_id), tc2_url: tc2CligencyUrl(tc2BaseUrl, company.tc2_cligency_id) || null };
}

export function contactLinks(contact: Contact, pdBaseUrl: string | undefined): Links {
  return { pd_url: pipedriveUrl(pdBaseUrl, 'person', contact.pd_person_id) };
}

export function dealLinks(deal: Deal, pdBaseUrl: string | undefined): Links {
  return { pd_url: pipedriveUrl(pdBaseUrl, 'deal', deal.pd_deal_id) };
}
