export { CoalescingQueue, type CoalescingOptions, type StreamCounters } from "./coalescing-queue.ts";
