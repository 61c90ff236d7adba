/** Something wrong with a stream that replay can still get past: shown inline on the timeline. */
export interface IntegrityIssue {
  kind: 'gap' | 'duplicate' | 'timestamp' | 'damaged';
  /** Position in the stream the issue belongs to. */
  index: number;
  message: string;
}
