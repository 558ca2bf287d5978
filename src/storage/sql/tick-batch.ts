/**
 * Calls made in the same turn of the event loop, answered together.
 *
 * Under load, PostgreSQL's cost is per statement: each is a round trip over the socket, a
 * write on the JavaScript thread and an executor start in the database, whatever the rows. A
 * token request looks up its refresh token, grant and user by key and stores its access token;
 * sixty-four such requests in flight make as many statements of each kind. Batched, the calls
 * of one turn (every request whose bytes arrived in it) go to the database as one statement
 * that takes arrays of keys, and each caller gets its own answer. A lone call waits for no one:
 * its batch is flushed at the end of the same turn (`setImmediate`).
 *
 * Only for reads and writes outside a transaction: a transaction's statements must stay on its
 * own connection, in its order.
 */
export function batchPerTick<A, R>(answer: (calls: readonly A[]) => Promise<R[]>, maxBatch = 200): (call: A) => Promise<R> {
  let queue: { call: A; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    for (let start = 0; start < batch.length; start += maxBatch) {
      const part = batch.slice(start, start + maxBatch);
      answer(part.map((p) => p.call)).then(
        (results) => part.forEach((p, i) => p.resolve(results[i]!)),
        (error: unknown) => part.forEach((p) => p.reject(error)),
      );
    }
  };
  return (call) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ call, resolve, reject });
    });
}
