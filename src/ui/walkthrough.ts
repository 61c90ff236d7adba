import * as vscode from 'vscode';

/**
 * Steps of the Get Started walkthrough that no single command completes: each is a context key the
 * walkthrough's `completionEvents` wait for (`onContext:eventFlows.walkthrough.<step>`).
 */
export type WalkthroughStep = 'stepped' | 'conflictSeen';

const marked = new Set<WalkthroughStep>();

/** Marks a step done for this window; setting the key once is enough. */
export function markWalkthroughStep(step: WalkthroughStep): void {
  if (marked.has(step)) return;
  marked.add(step);
  void vscode.commands.executeCommand('setContext', `eventFlows.walkthrough.${step}`, true);
}

/** Set while the workspace holds a `.py` reducer: the walkthrough then offers the chapter's flow first. */
export const CHAPTER_FLOW_CONTEXT = 'eventFlows.walkthrough.chapterFlow';

export function offerChapterFlow(holdsPythonReducer: boolean): void {
  void vscode.commands.executeCommand('setContext', CHAPTER_FLOW_CONTEXT, holdsPythonReducer);
}
