import { requireRole, STAFF_ROLES } from "@floorgraph/auth";
import { atMost, pageSize } from "@floorgraph/service";
import { isId } from "@floorgraph/errors";
import type { OrderResolvers, PickTaskResolvers, WaveResolvers } from "../generated/graphql.ts";
import { formatWaveNumber } from "../services/fulfilment-events.ts";

// Pick work is the warehouse's own business: staff see it, partners see their orders elsewhere.
const staff = (ctx: Parameters<typeof requireRole>[0]) => requireRole(ctx, STAFF_ROLES, "see pick work");

export const Wave: WaveResolvers = {
  __resolveReference(reference, ctx) {
    staff(ctx);
    return isId(reference.id) ? ctx.loaders.wave.load(reference.id.toLowerCase()) : null;
  },
  number: (wave) => formatWaveNumber(wave.seq),
  warehouse: async (wave, _args, ctx) => {
    const warehouse = await ctx.loaders.warehouse.load(wave.warehouseId);
    if (!warehouse) throw new Error(`warehouse ${wave.warehouseId} of wave ${wave.id} is missing`);
    return warehouse;
  },
  tasks: async (wave, { first }, ctx) => atMost(await ctx.loaders.tasksOfWave.load(wave.id), pageSize(first, 200)),
  taskCount: (wave, _args, ctx) => ctx.services.work.taskCount(wave.id),
  orderCount: (wave, _args, ctx) => ctx.services.work.orderCount(wave.id),
};

export const PickTask: PickTaskResolvers = {
  __resolveReference(reference, ctx) {
    staff(ctx);
    return isId(reference.id) ? ctx.loaders.pickTask.load(reference.id.toLowerCase()) : null;
  },
  order: (task) => ({ id: task.orderId }),
  orderLine: (task) => ({ id: task.lineId }),
  sku: (task) => ({ code: task.skuCode }),
  lot: (task) => task.lot || null,
  location: async (task, _args, ctx) => {
    const location = await ctx.loaders.location.load(task.locationId);
    if (!location) throw new Error(`location ${task.locationId} of pick task ${task.id} is missing`);
    return location;
  },
  wave: async (task, _args, ctx) => {
    const wave = await ctx.loaders.wave.load(task.waveId);
    if (!wave) throw new Error(`wave ${task.waveId} of pick task ${task.id} is missing`);
    return wave;
  },
  pickedBy: (task) => (task.pickedBy ? { id: task.pickedBy } : null),
};

export const Order: OrderResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async pickTasks(order, _args, ctx) {
    staff(ctx);
    return isId(order.id) ? atMost(await ctx.loaders.tasksOfOrder.load(order.id.toLowerCase()), 400) : [];
  },
};
