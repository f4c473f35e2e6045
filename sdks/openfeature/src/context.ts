/** OpenFeature's evaluation context to Sluice's: @sluice/core's mapping, shared with the service's OFREP endpoints. */
export { fromOpenFeatureContext as toSluiceContext } from '@sluice/core'
