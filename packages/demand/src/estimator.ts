import {
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { CostDirectives, ListSize } from "./directives.ts";

export interface CostOptions {
  /** Size of a list with no @listSize and no slicing argument (the spec leaves it to the implementation). */
  defaultListSize?: number;
  /** Base cost of a mutation (its root fields run one after another and write). */
  mutationBaseCost?: number;
  /**
   * Lists sized by the length of a list argument, "Type.field" → argument: the gateway's entity
   * fetches (_entities(representations: [...])) return one entity per representation.
   */
  listArgumentSizes?: Record<string, string>;
}

export interface CostRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Thrown for an operation the analysis cannot price (e.g. a @listSize that requires one slicing argument). */
export class CostAnalysisError extends Error {}

export const DEFAULT_COST_OPTIONS = {
  defaultListSize: 10,
  mutationBaseCost: 10,
  listArgumentSizes: { "Query._entities": "representations" },
} satisfies Required<CostOptions>;

// Type kinds by their toStringTag rather than graphql's isXType: the schema may come from graphql's
// CommonJS build (the federation packages) while this package imports the ESM one.
const tag = (t: unknown) => (t as { [Symbol.toStringTag]?: string } | null)?.[Symbol.toStringTag];
const isAbstract = (t: GraphQLNamedType) => tag(t) === "GraphQLInterfaceType" || tag(t) === "GraphQLUnionType";
const isComposite = (t: GraphQLNamedType) => isAbstract(t) || tag(t) === "GraphQLObjectType";
function unwrap(type: GraphQLType): { named: GraphQLNamedType; list: boolean } {
  let list = false;
  let t = type as { ofType?: GraphQLType };
  while (t.ofType) {
    if (tag(t) === "GraphQLList") list = true;
    t = t.ofType as { ofType?: GraphQLType };
  }
  return { named: t as GraphQLNamedType, list };
}

interface Walk {
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
}
type Fields = Record<string, GraphQLField<unknown, unknown>>;

/**
 * The IBM GraphQL cost spec as Apollo's demand control applies it: composite types cost 1, scalars
 * and enums 0, @cost overrides a field's, type's or argument's weight, lists multiply their items'
 * cost by the slicing argument's value (else the argument's default, else assumedSize, else the
 * default list size), sizedFields move that size onto a connection's list fields, abstract types
 * cost their most expensive possible type, and @skip/@include are honoured. `estimate` prices an
 * operation before it runs; `actual` prices the data it returned (real list lengths).
 */
export class CostEstimator {
  private readonly options: Required<CostOptions>;

  constructor(
    readonly schema: GraphQLSchema,
    readonly directives: CostDirectives,
    options: CostOptions = {},
  ) {
    this.options = { ...DEFAULT_COST_OPTIONS, ...options };
  }

  estimate(request: CostRequest): number {
    const { operation, walk } = this.prepare(request);
    return this.base(operation) + this.selectionSet(operation.selectionSet, this.rootType(operation), walk, undefined, undefined);
  }

  /** The cost of what an operation returned: the same weights, with each list's real length. */
  actual(request: CostRequest, data: unknown): number {
    const { operation, walk } = this.prepare(request);
    return this.base(operation) + this.selectionSet(operation.selectionSet, this.rootType(operation), walk, undefined, { value: data });
  }

  private base(operation: OperationDefinitionNode) {
    return operation.operation === "mutation" ? this.options.mutationBaseCost : 0;
  }

  private rootType(operation: OperationDefinitionNode): GraphQLObjectType {
    const root =
      operation.operation === "query" ? this.schema.getQueryType() : operation.operation === "mutation" ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    if (!root) throw new CostAnalysisError(`The schema has no ${operation.operation} type`);
    return root;
  }

  private prepare(request: CostRequest): { operation: OperationDefinitionNode; walk: Walk } {
    const operations = request.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = request.operationName ? operations.find((o) => o.name?.value === request.operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) throw new CostAnalysisError(request.operationName ? `Unknown operation ${request.operationName}` : "Name the operation to run");
    const fragments = new Map(
      request.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    const variables: Record<string, unknown> = {};
    for (const def of operation.variableDefinitions ?? []) {
      const name = def.variable.name.value;
      const given = request.variables?.[name];
      variables[name] = given !== undefined ? given : def.defaultValue ? literal(def.defaultValue, {}) : undefined;
    }
    return { operation, walk: { variables, fragments } };
  }

  /** A selection set on `type`; with `data`, over the object returned (else estimated). */
  private selectionSet(set: SelectionSetNode, type: GraphQLNamedType, walk: Walk, sized: Map<string, number> | undefined, data: { value: unknown } | undefined): number {
    if (!isAbstract(type)) return this.selections(set, type as GraphQLObjectType, walk, sized, data);
    const typename = (data?.value as { __typename?: unknown } | null)?.__typename;
    const known = typeof typename === "string" ? this.schema.getType(typename) : undefined;
    if (known) return this.selections(set, known as GraphQLObjectType, walk, sized, data);
    // The most expensive type the value could be (without __typename, a returned value is priced the same way).
    let max = 0;
    for (const possible of this.schema.getPossibleTypes(type as never)) max = Math.max(max, this.selections(set, possible, walk, sized, data));
    return max;
  }

  private selections(set: SelectionSetNode, type: GraphQLObjectType, walk: Walk, sized: Map<string, number> | undefined, data: { value: unknown } | undefined): number {
    let cost = 0;
    for (const selection of set.selections) {
      if (!included(selection.directives, walk.variables)) continue;
      if (selection.kind === Kind.FIELD) cost += this.field(selection, type, walk, sized, data);
      else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && !included(fragment.directives, walk.variables))) continue;
        if (fragment.typeCondition && !this.applies(fragment.typeCondition.name.value, type)) continue;
        cost += this.selections(fragment.selectionSet, type, walk, sized, data);
      }
    }
    return cost;
  }

  private applies(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true;
    const conditionType = this.schema.getType(condition);
    return !!conditionType && isAbstract(conditionType) && this.schema.isSubType(conditionType as never, type);
  }

  private field(node: FieldNode, parent: GraphQLObjectType, walk: Walk, sized: Map<string, number> | undefined, data: { value: unknown } | undefined): number {
    const name = node.name.value;
    // Introspection and __typename: bounded by the depth and token limits, priced at nothing.
    if (name.startsWith("__")) return 0;
    const def = (parent.getFields() as Fields)[name];
    if (!def) return 0;
    const coordinate = this.coordinate(parent, name);
    const { named, list } = unwrap(def.type);
    const weight = this.directives.fieldWeights.get(coordinate) ?? this.directives.typeWeights.get(named.name) ?? (isComposite(named) ? 1 : 0);
    let argumentsCost = 0;
    for (const arg of node.arguments ?? []) argumentsCost += this.directives.argumentWeights.get(`${coordinate}(${arg.name.value}:)`) ?? 0;
    const listSize = this.directives.listSizes.get(coordinate);
    let childSized: Map<string, number> | undefined;
    if (listSize?.sizedFields?.length) {
      const size = this.slicedSize(node, def, listSize, walk) ?? listSize.assumedSize ?? this.options.defaultListSize;
      childSized = new Map(listSize.sizedFields.map((f) => [f, size]));
    }
    const itemCost = (value: { value: unknown } | undefined) => weight + (node.selectionSet ? this.selectionSet(node.selectionSet, named, walk, childSized, value) : 0);

    if (data) {
      const value = (data.value as Record<string, unknown> | null | undefined)?.[node.alias?.value ?? name];
      if (value === null || value === undefined) return argumentsCost;
      if (!Array.isArray(value)) return argumentsCost + itemCost({ value });
      let cost = argumentsCost;
      for (const item of value.flat(Number.POSITIVE_INFINITY)) if (item !== null && item !== undefined) cost += itemCost({ value: item });
      return cost;
    }
    const size = list ? (sized?.get(name) ?? this.listSize(node, def, coordinate, listSize, walk)) : 1;
    return argumentsCost + size * itemCost(undefined);
  }

  /** The field's own coordinate, or the interface's it implements when only that declares cost directives. */
  private coordinate(parent: GraphQLObjectType, name: string): string {
    const own = `${parent.name}.${name}`;
    if (this.directives.listSizes.has(own) || this.directives.fieldWeights.has(own)) return own;
    const getInterfaces = (parent as { getInterfaces?: () => readonly { name: string }[] }).getInterfaces;
    for (const iface of getInterfaces?.call(parent) ?? []) {
      const inherited = `${iface.name}.${name}`;
      if (this.directives.listSizes.has(inherited) || this.directives.fieldWeights.has(inherited)) return inherited;
    }
    return own;
  }

  private listSize(node: FieldNode, def: GraphQLField<unknown, unknown>, coordinate: string, listSize: ListSize | undefined, walk: Walk): number {
    const lengthArgument = this.options.listArgumentSizes[coordinate];
    if (lengthArgument) {
      const arg = node.arguments?.find((a) => a.name.value === lengthArgument);
      const value = arg ? literal(arg.value, walk.variables) : undefined;
      return Array.isArray(value) ? value.length : this.options.defaultListSize;
    }
    if (!listSize) return this.options.defaultListSize;
    // With sizedFields the slicing argument sizes the connection's lists, not the field itself.
    const sliced = listSize.sizedFields?.length ? undefined : this.slicedSize(node, def, listSize, walk);
    return sliced ?? listSize.assumedSize ?? this.options.defaultListSize;
  }

  /** The largest slicing argument given (or defaulted in the schema); undefined when there is none. */
  private slicedSize(node: FieldNode, def: GraphQLField<unknown, unknown>, listSize: ListSize, walk: Walk): number | undefined {
    const slicing = listSize.slicingArguments ?? [];
    if (!slicing.length) return undefined;
    const given: number[] = [];
    const defaults: number[] = [];
    for (const name of slicing) {
      const arg = node.arguments?.find((a) => a.name.value === name);
      const value = arg ? literal(arg.value, walk.variables) : undefined;
      if (typeof value === "number") given.push(value);
      else {
        const fallback = def.args.find((a) => a.name === name)?.defaultValue;
        if (typeof fallback === "number") defaults.push(fallback);
      }
    }
    if (listSize.requireOneSlicingArgument && given.length !== 1) {
      throw new CostAnalysisError(`${def.name} needs exactly one of the arguments ${slicing.join(", ")}`);
    }
    const sizes = given.length ? given : defaults;
    return sizes.length ? Math.max(...sizes) : undefined;
  }
}

/** A value in an operation, with variables substituted (raw JSON values: only sizes and booleans matter here). */
function literal(value: ValueNode, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return variables[value.name.value];
    case Kind.INT:
      return Number.parseInt(value.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(value.value);
    case Kind.BOOLEAN:
      return value.value;
    case Kind.STRING:
    case Kind.ENUM:
      return value.value;
    case Kind.LIST:
      return value.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(value.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    default:
      return null;
  }
}

function included(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  for (const d of directives ?? []) {
    if (d.name.value !== "skip" && d.name.value !== "include") continue;
    const arg = d.arguments?.find((a) => a.name.value === "if");
    const condition = arg ? literal(arg.value, variables) === true : false;
    if (d.name.value === "skip" && condition) return false;
    if (d.name.value === "include" && !condition) return false;
  }
  return true;
}
