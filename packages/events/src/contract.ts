import { z } from "zod";
import { newEvent, type DomainEvent } from "./envelope.ts";

/**
 * What a producer promises about one event type: its payload schema (zod) and where the rendered
 * JSON Schema is found (the CloudEvents `dataschema`). Consumers import the producer's contract
 * instead of re-declaring the payload, so a payload change that breaks a consumer fails `tsc`,
 * and the consumer validates what it receives against the same schema.
 */
export interface EventContract<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  /** The producing service, e.g. "orders" (the envelope's source /floorgraph/orders; "any" when every service emits it). */
  readonly source: string;
  readonly version: number;
  readonly description: string;
  readonly data: Schema;
  /** The CloudEvents dataschema URI of this version, also the rendered JSON Schema's $id. */
  readonly dataschema: string;
  /**
   * An event of this type about `subject` (keyed by it unless `key` says otherwise). The payload is
   * parsed with the schema, so a producer cannot emit what its consumers would refuse.
   */
  create(subject: string, data: z.input<Schema>, options?: { key?: string; id?: string; time?: Date; source?: string }): DomainEvent<z.output<Schema>>;
}

/** The payload type of a contract, as consumers receive it. */
export type EventData<C extends EventContract> = z.output<C["data"]>;

/** Thrown (and dead-lettered at once, never retried) for a payload that does not match its contract. */
export class InvalidEventError extends Error {
  override name = "InvalidEventError";
}

export const dataschemaOf = (type: string, version: number) => `urn:floorgraph:events:${type}:v${version}`;

export function defineEvent<const Type extends string, Schema extends z.ZodType>(spec: {
  type: Type;
  source: string;
  description: string;
  data: Schema;
  version?: number;
}): EventContract<Type, Schema> {
  const version = spec.version ?? 1;
  const dataschema = dataschemaOf(spec.type, version);
  return {
    type: spec.type,
    source: spec.source,
    version,
    description: spec.description,
    data: spec.data,
    dataschema,
    create(subject, data, options = {}) {
      const parsed = spec.data.safeParse(data);
      if (!parsed.success) throw new InvalidEventError(`${spec.type} does not match its contract: ${z.prettifyError(parsed.error)}`);
      return newEvent({ type: spec.type, source: spec.source, subject, data: parsed.data, dataschema, ...options });
    },
  };
}

/** Checks a received payload against its contract: the parsed data, or an InvalidEventError. */
export function validatePayload<C extends EventContract>(contract: C, event: DomainEvent): EventData<C> {
  const parsed = contract.data.safeParse(event.data);
  if (parsed.success) return parsed.data as EventData<C>;
  throw new InvalidEventError(`${event.type} ${event.id} does not match its contract (${contract.dataschema}): ${z.prettifyError(parsed.error)}`);
}

/** The contract's payload as JSON Schema (draft 2020-12), identified by its dataschema URI. */
export function jsonSchemaOf(contract: EventContract): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(contract.data, { io: "output" }) as Record<string, unknown>;
  return { $schema, $id: contract.dataschema, title: contract.type, description: contract.description, ...schema };
}
