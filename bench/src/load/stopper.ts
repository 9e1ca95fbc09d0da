/** Lets a pool that ran dry stop whichever load run is using it. */
export class Stopper {
  #stop: (() => void) | null = null;
  #stopped = false;

  /** For runLoad's `stopSignal`. */
  onStop(stop: () => void): void {
    this.#stop = stop;
    if (this.#stopped) stop();
  }

  trigger(): void {
    this.#stopped = true;
    this.#stop?.();
  }

  get stopped(): boolean {
    return this.#stopped;
  }
}
