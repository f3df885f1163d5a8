import { defineFileConnector } from '../files/define-file-connector.js'
import { genericSettings } from './settings.js'

export default defineFileConnector({
  id: 'generic',
  displayName: 'Generic file (Generiek)',
  description: "Reads CSV or JSON Lines exports from a drop folder or an upload, in Koppel's canonical template or a mapped layout.",
  settings: genericSettings,
})
