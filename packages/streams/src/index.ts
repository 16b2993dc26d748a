export { CoalescingQueue, type CoalescingOptions } from "./coalescing-queue.ts";
