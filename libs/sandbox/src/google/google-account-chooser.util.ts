import { GoogleSimAccount } from './google-sim.types';

/**
 * The sandbox's stand-in for Google's "Choose an account" page: one link per account (a browser
 * test clicks one), each going back to the authorize URL with `login_hint`, plus Cancel.
 */
export function accountChooserPage(accounts: GoogleSimAccount[], linkFor: (email: string) => string, cancelLink: string): string {
  const items = accounts
    .map(
      (a) =>
        `<li><a href="${escapeHtml(linkFor(a.email))}" data-email="${escapeHtml(a.email)}">` +
        `<strong>${escapeHtml(a.name)}</strong> <span>${escapeHtml(a.email)}</span></a></li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in – Google Accounts (sandbox)</title></head>
<body>
<h1>Choose an account</h1>
<p>Hermes sandbox: a simulated Google sign-in.</p>
<ul>
${items || '<li>No accounts are configured.</li>'}
</ul>
<p><a href="${escapeHtml(cancelLink)}" id="cancel">Cancel</a></p>
</body></html>`;
}

/** A Google-style error page (e.g. `invalid_client`, `redirect_uri_mismatch`). */
export function signInErrorPage(title: string, detail: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Error – Google Accounts (sandbox)</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
