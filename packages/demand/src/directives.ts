import { Kind, type ConstDirectiveNode, type ConstValueNode, type DocumentNode, type FieldDefinitionNode } from "graphql";

/** A field's @listSize (IBM cost spec / Federation 2.9). */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument: boolean;
}

/**
 * The cost directives of a schema, by schema coordinate: "Type.field" for fields, "Type" for types,
 * "Type.field(arg:)" for arguments. Read from SDL because an executable schema (a subgraph's, or the
 * gateway's API schema) no longer carries directive applications.
 */
export interface CostDirectives {
  fieldWeights: Map<string, number>;
  typeWeights: Map<string, number>;
  argumentWeights: Map<string, number>;
  listSizes: Map<string, ListSize>;
}

// A subgraph imports them as @cost/@listSize (or leaves them namespaced); the supergraph may import
// them from the cost spec under either name.
const COST = new Set(["cost", "federation__cost", "cost__cost"]);
const LIST_SIZE = new Set(["listSize", "federation__listSize", "cost__listSize"]);

function constValue(value: ConstValueNode): unknown {
  switch (value.kind) {
    case Kind.INT:
      return Number.parseInt(value.value, 10);
    case Kind.BOOLEAN:
      return value.value;
    case Kind.STRING:
      return value.value;
    case Kind.LIST:
      return value.values.map(constValue);
    default:
      return undefined;
  }
}

const argOf = (directive: ConstDirectiveNode, name: string) => {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg ? constValue(arg.value) : undefined;
};

const weightOf = (directives: readonly ConstDirectiveNode[] | undefined): number | undefined => {
  const cost = directives?.find((d) => COST.has(d.name.value));
  const weight = cost ? argOf(cost, "weight") : undefined;
  return typeof weight === "number" ? weight : undefined;
};

function listSizeOf(directives: readonly ConstDirectiveNode[] | undefined): ListSize | undefined {
  const d = directives?.find((x) => LIST_SIZE.has(x.name.value));
  if (!d) return undefined;
  const assumedSize = argOf(d, "assumedSize");
  const slicing = argOf(d, "slicingArguments");
  const sized = argOf(d, "sizedFields");
  const requireOne = argOf(d, "requireOneSlicingArgument");
  return {
    ...(typeof assumedSize === "number" ? { assumedSize } : {}),
    ...(Array.isArray(slicing) ? { slicingArguments: slicing as string[] } : {}),
    ...(Array.isArray(sized) ? { sizedFields: sized as string[] } : {}),
    // The spec's default is true (a sliced list must be given exactly one slicing argument).
    requireOneSlicingArgument: typeof requireOne === "boolean" ? requireOne : true,
  };
}

/** Collects @cost and @listSize from an SDL document (a subgraph's schema or a supergraph). */
export function readCostDirectives(document: DocumentNode): CostDirectives {
  const out: CostDirectives = { fieldWeights: new Map(), typeWeights: new Map(), argumentWeights: new Map(), listSizes: new Map() };
  const fields = (typeName: string, defs: readonly FieldDefinitionNode[] | undefined) => {
    for (const field of defs ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      const weight = weightOf(field.directives);
      if (weight !== undefined) out.fieldWeights.set(coordinate, weight);
      const listSize = listSizeOf(field.directives);
      if (listSize) out.listSizes.set(coordinate, listSize);
      for (const arg of field.arguments ?? []) {
        const argWeight = weightOf(arg.directives);
        if (argWeight !== undefined) out.argumentWeights.set(`${coordinate}(${arg.name.value}:)`, argWeight);
      }
    }
  };
  for (const def of document.definitions) {
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        fields(def.name.value, def.fields);
      // falls through: object types carry a weight too
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION: {
        const weight = weightOf(def.directives);
        if (weight !== undefined) out.typeWeights.set(def.name.value, weight);
        break;
      }
      default:
        break;
    }
  }
  return out;
}
