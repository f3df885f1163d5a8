export * from './entities.js'
export * from './validators.js'
