// A background loop's pause between polls that its stop() can end at once: a stopping server must not wait out a
// poll interval (the timer is unref'd, so it never keeps a process alive either).

export class WakeableSleep {
  #wake: (() => void) | null = null;

  /** Resolves after `ms`, or as soon as wake() is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.#wake === done) self.#wake = null;
        resolve();
      }
      this.#wake = done;
    });
  }

  /** Ends the current sleep, if any. */
  wake(): void {
    this.#wake?.();
  }
}
