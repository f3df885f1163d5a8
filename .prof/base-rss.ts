import { openDatabase } from '../core/storage/open-database.js'
import { syntheticSync } from '../bench/synthetic-sync.js'
const m = () => { const u = process.memoryUsage(); return `rss ${(u.rss/1048576).toFixed(0)} heapTotal ${(u.heapTotal/1048576).toFixed(0)} heapUsed ${(u.heapUsed/1048576).toFixed(0)} ext ${(u.external/1048576).toFixed(0)} ab ${(u.arrayBuffers/1048576).toFixed(0)}` }
console.log('after imports', m())
const db = await openDatabase({ path: ':memory:' })
await syntheticSync(db, { employees: 10 })
console.log('after open', m())
globalThis.gc?.()
console.log('after gc', m(), 'maxRSS', (process.resourceUsage().maxRSS/1024).toFixed(0))
