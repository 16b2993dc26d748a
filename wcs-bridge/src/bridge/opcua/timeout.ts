/**
 * Settles like `promise`, or rejects with `onTimeout()` after `ms`; the timer never outlives the
 * race. A promise that loses keeps a catch handler, so its late failure is not an unhandled one.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
