export { createClient, type ClientEvents, type ClientEventName, type DisconnectedEvent, type ReadyEvent, type ReadyOptions, type ReconnectedEvent, type SluiceClient } from './client.js'
export type { ClientOptions } from './options.js'
export type { BootstrapState } from './bootstrap.js'
export type { ChangeEvent, StateSource } from './store.js'
export type { Logger } from './logger.js'
export {
  CacheFileError,
  ClientClosedError,
  ConnectionError,
  type ConnectionErrorCode,
  InvalidOptionError,
  InvalidStateError,
  ReadyTimeoutError,
  SluiceError,
} from './errors.js'
export { defaultRequestContext, type ContextFromRequest, type RequestLike } from './request-context.js'
export type { FastifyGuardOptions, FastifyInstanceLike, FastifyReplyLike, FastifyRequestLike, SluiceFastifyPlugin } from './fastify.js'
export type { ExpressOptions, Middleware, NextFunction, RequestFlags, RequireFlagOptions } from './express.js'
export {
  createOfflineClient,
  type FlagInput,
  type FlagsInput,
  type OfflineClient,
  type OfflineClientOptions,
  type TestingControls,
} from './testing.js'
export type { Canary, ChaosRule, Evaluation, EvaluationContext, Flag, Reason, Snapshot, VariantResult } from '@sluice/core'
