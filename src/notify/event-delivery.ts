/**
 * The background loop that runs on every node: dispatch the outbox to the realms' listeners,
 * then send due webhook deliveries, about once a second, one pass at a time.
 */
import type { Clock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Store } from '../storage/ports.ts';
import { dispatchOutbox } from './event-dispatcher.ts';
import { defaultSenderOptions, sendDueWebhooks, type SenderOptions } from './webhook-sender.ts';

/** Pause between passes when there was nothing to do. */
const IDLE_MS = 1_000;

/** Starts the loop; `stop` ends it after the pass under way. */
export function startEventDelivery(store: Store, clock: Clock, logger: Logger, options: SenderOptions = defaultSenderOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async (): Promise<void> => {
    let busy = false;
    try {
      busy = (await dispatchOutbox(store, clock, logger)) > 0;
      busy = (await sendDueWebhooks(store, clock, logger, options)) > 0 || busy;
    } catch (error) {
      logger.warn({ err: error }, 'event delivery pass failed; retrying');
    }
    if (!stopped) {
      timer = setTimeout(() => (running = pass()), busy ? 0 : IDLE_MS);
      timer.unref();
    }
  };
  timer = setTimeout(() => (running = pass()), 0);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
