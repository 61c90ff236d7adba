/**
 * What a send lens above a send document (a broker kind's produce or publish file) says and does. Such
 * files come with cloned repositories, so in an untrusted workspace a lens never sends (it says why and offers the trust
 * editor), and a lens always says where it will send: the cluster or broker chosen for that document, or
 * that the first send asks. Pure, so the rule is tested without the editor.
 */
export interface SendLensState {
  trusted: boolean;
  /** The document is an unsaved draft the user opened from the extension, not a file of the workspace. */
  untitled: boolean;
  /** The label of the cluster or broker this document sends to, once chosen. */
  target?: string;
}

export type SendLensAction = 'send' | 'manageTrust';

export function sendLens(state: SendLensState, what: string, targetKind: 'cluster' | 'broker'): { title: string; action: SendLensAction } {
  if (!state.trusted && !state.untitled) return { title: `$(workspace-untrusted) ${what}: not from a file of an untrusted workspace (trust it to send)`, action: 'manageTrust' };
  return { title: state.target === undefined ? `${what} (asks which ${targetKind})` : `${what} on ${state.target}`, action: 'send' };
}

/** Why a send from a file of an untrusted workspace is refused (the command says it, the lens points to it). */
export function untrustedSendRefusal(file: string): string {
  return `${file} belongs to a workspace that is not trusted: its messages are not sent from it. Trust the workspace (Manage Workspace Trust), or copy the message into a new document.`;
}
