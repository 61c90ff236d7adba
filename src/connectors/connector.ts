/**
 * What every connector shares, whatever its role: it names itself, connects when first used (cancellable
 * through the signal) and closes. Event stores and brokers build on this.
 */
export interface Connector {
  /** A short label for messages: a file path, or a masked connection string or broker list. */
  readonly label: string;
  /** Opens the connection (a no-op where there is nothing to open). An aborted signal stops the attempt. */
  connect(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** A problem found while reading that did not stop the read: the data stays where it is. */
export interface ReadProblem {
  message: string;
  line?: number;
}
