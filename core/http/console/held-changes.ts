import type { ApiMutation } from './api-shapes.js'
import type { ApiResult, ConsoleApi } from './console-api.js'

/**
 * What "Verzenden" needs: the mutations a `release: manual` subscription holds, and their
 * release. By default it is the admin API's `GET /api/webhooks/:id/held` and
 * `POST /api/webhooks/:id/release` (DESIGN.md §6); a gateway without those routes answers
 * 404, which reads as "nothing held".
 */
export interface HeldChanges {
  /** The held mutations (oldest first), or null when this gateway cannot hold changes. */
  list(webhookId: string): Promise<ApiMutation[] | null>
  /** Releases these mutations (and the earlier held ones of the same records), or everything held when none are named. */
  release(webhookId: string, mutationIds: string[]): Promise<ApiResult<{ released: number; mutationIds: string[] }>>
}

const pageLimit = 500

export function apiHeldChanges(api: ConsoleApi): HeldChanges {
  return {
    async list(webhookId) {
      const result = await api.call<{ items: ApiMutation[]; nextAfter: number | null }>('GET', `/api/webhooks/${encodeURIComponent(webhookId)}/held?limit=${pageLimit}`)
      if (!result.ok) {
        if (result.status === 404) return null
        throw new Error(`held changes of ${webhookId}: ${result.error.code}`)
      }
      return result.body.items
    },
    release(webhookId, mutationIds) {
      return api.call('POST', `/api/webhooks/${encodeURIComponent(webhookId)}/release`, mutationIds.length === 0 ? {} : { mutationIds })
    },
  }
}
