export * from './types.js'
export * from './state-types.js'
