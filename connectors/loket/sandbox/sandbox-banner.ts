import { controlEndpoints } from './control-routes.js'
import type { StartedLoketSandbox } from './sandbox-types.js'

/**
 * What `gateway.ts sandbox loket` prints on start: URLs, client credentials and counts only
 * (the sandbox's data is fictional, but the habit of never printing records stays).
 */
export function sandboxBanner(sandbox: StartedLoketSandbox): string {
  const employers = [...sandbox.data.employers.values()]
  return [
    'Simulated Loket.nl is running',
    `  api base url:   ${sandbox.apiBaseUrl}`,
    `  oauth base url: ${sandbox.oauthBaseUrl} (authorize: ${sandbox.oauthBaseUrl}/authorize, token: ${sandbox.oauthBaseUrl}/token)`,
    `  client id:      ${sandbox.oauth.clientId}`,
    `  client secret:  ${sandbox.oauth.clientSecret}`,
    `  employers:      ${employers.map((entry) => `${entry.employer.employerNumber} (${entry.employer.id})`).join(', ')}`,
    `  employees:      ${sandbox.data.employees.size}, employments: ${sandbox.data.employments.size}`,
    `control API on ${sandbox.url} (JSON in and out; ids only, no personal data):`,
    ...controlEndpoints.map((line) => `  ${line}`),
    `  e.g. curl -X POST ${sandbox.url}/_sandbox/rights -d '{"right": "Raadplegen beloningen", "allowed": false}'`,
  ].join('\n')
}
