export { createWebClient, toOfrepContext, type WebClient, type WebClientEvent, type WebClientOptions, type WebContext } from './client.js'
export type { FlagAnswer, Variant } from './answers.js'
export type { StorageLike } from './cache.js'
export type { Outcome } from './outcomes.js'
