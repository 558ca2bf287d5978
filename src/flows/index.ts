/**
 * The journey engine's public surface, for the HTTP glue and realm creation: seed a realm's
 * flows, start/load/save a journey, run it, and the types its outcomes come in.
 */
export { seedBuiltinFlows } from './builtin/seed-builtin-flows.ts';
export { loadFlowTree, type ExecutionNode, type FlowNode } from './engine/flow-tree.ts';
export { loadJourney, newJourney, saveJourney, startJourney, type Journey, type JourneyState, type NewJourney } from './engine/journey.ts';
export { messageKeys } from './engine/message-keys.ts';
export { errorPage, type FieldErrors, type FieldMessage, type FlowOutcome, type FormInput, type Page, type PageMessage, type Submission } from './engine/outcomes.ts';
export { runBrowserFlow } from './engine/run-browser-flow.ts';
export { runJourney } from './engine/run-journey.ts';
export type { JourneyContext, Step, StepRegistry } from './engine/step.ts';
export { pendingRequiredActions } from './required-actions/pending-required-actions.ts';
export { runRequiredAction } from './required-actions/run-required-action.ts';
export { builtinRequiredActions } from './required-actions/registry.ts';
export { markEmailVerified } from './required-actions/verify-email/mark-verified.ts';
export { builtinSteps } from './steps/registry.ts';
