/** The page a refused sign-in gets (a clear refusal, and no session). */
export function signInRefusedPage(message: string, signInUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign-in refused – Hermes</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}a{color:#1565c0}</style></head>
<body>
<h1>Sign-in refused</h1>
<p id="reason">${escapeHtml(message)}</p>
<p><a href="${escapeHtml(signInUrl)}">Back to sign-in</a></p>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
