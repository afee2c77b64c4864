/**
 * A synchronous round trip to another thread that stays set up between calls
 * (a raw ping-pong, a hand-written protocol, our scheduler on a worker), so
 * several can be timed in alternating blocks (see {@link pairedUsPerCall}).
 */
export interface CrossThreadCall {
  /** One round trip, returning once the other side answered. */
  call(): void;
  /** Stop the other side. */
  close(): Promise<void>;
}
