/** Every URL of the console, in one place so pages and routes agree. */
export const consolePaths = {
  home: '/console',
  login: '/console/login',
  logout: '/console/logout',
  connection: (id: string) => `/console/connections/${encodeURIComponent(id)}`,
  authorize: (id: string) => `/console/connections/${encodeURIComponent(id)}/authorize`,
  tokens: (id: string) => `/console/connections/${encodeURIComponent(id)}/tokens`,
  check: (id: string) => `/console/connections/${encodeURIComponent(id)}/check`,
  sync: (id: string) => `/console/connections/${encodeURIComponent(id)}/sync`,
  run: (id: string) => `/console/runs/${encodeURIComponent(id)}`,
  runStatus: (id: string) => `/console/runs/${encodeURIComponent(id)}/status`,
  release: '/console/release',
  releaseWebhook: (id: string) => `/console/release/${encodeURIComponent(id)}`,
  webhooks: '/console/webhooks',
  replay: (id: string) => `/console/webhooks/${encodeURIComponent(id)}/replay`,
  progressScript: '/console/assets/run-progress.js',
} as const
