// placeholder: the registry is written in the foundation work (see issue 2)
import type { ConnectorDefinition } from './connector.js'
export interface Registry {
  get(id: string): ConnectorDefinition | undefined
  list(): ConnectorDefinition[]
}
