// Checkpoint memory: plan note changes from a session's learnings, apply the accepted ones, undo the last.
export { planCheckpoint, type PlanInput } from './planner';
export { applyPlan, autoAcceptable, type ApplyOptions, type ApplyResult } from './apply';
export { undoLastCheckpoint, UndoError, type UndoResult } from './undo';
export { recoverPending, ledgerView, type Recovery } from './journal';
export { LedgerStore, LedgerCorruptError, emptyLedger, textHash, type Ledger, type LedgerItem } from './ledger';
export { effectiveChanges, planJson, type Plan, type PlannedChange, type ChangeOp, type SkippedChange } from './plan';
