/**
 * What a panel holds until it closes (its listeners, a session to stop, its entry in a registry), kept in
 * one place so that closing the panel releases all of it. Free of the vscode API: anything with `dispose`.
 */

export interface DisposableLike {
  dispose(): unknown;
}

export class DisposableCollection implements DisposableLike {
  private readonly items: DisposableLike[] = [];
  private done = false;

  get isDisposed(): boolean {
    return this.done;
  }

  /** Keeps the items until `dispose`; after it they are disposed at once, so nothing added late outlives the panel. */
  add<T extends DisposableLike>(item: T): T {
    if (this.done) item.dispose();
    else this.items.push(item);
    return item;
  }

  /**
   * Disposes the items, the last added first (what came later may lean on what came before). One that
   * throws does not keep the rest: every item is disposed, then the first failure is thrown.
   */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    const failures: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
