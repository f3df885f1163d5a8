export * from './entities.js'
export * from './validators.js'
export * from './mutation.js'
