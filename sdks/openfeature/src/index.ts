export { SluiceProvider, type SluiceProviderOptions } from './provider.js'
export { toSluiceContext } from './context.js'
