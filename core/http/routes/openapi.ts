import { Hono } from 'hono'
import { buildOpenApiDocument, type OpenApiDocument } from '../openapi/build-openapi-document.js'

/** Public `GET /openapi.json`: the machine-readable contract, built once on first request. */
export function openapiRoutes(deps: { publicUrl: string }): Hono {
  let document: OpenApiDocument | undefined
  return new Hono().get('/openapi.json', (c) => c.json((document ??= buildOpenApiDocument({ serverUrl: deps.publicUrl }))))
}
