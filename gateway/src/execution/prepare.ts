import { operationFromDocument, ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type PlanNode, type QueryPlan } from "@apollo/query-planner";
import type { DocumentNode, FragmentDefinitionNode, GraphQLObjectType, GraphQLSchema, OperationDefinitionNode, ValidationRule } from "graphql";
import { LRUCache } from "lru-cache";
import type { ExecutionError } from "./errors.ts";
import { graphqlCjs } from "./graphql-cjs.ts";
import { aliasPlannerConflicts, plannerFields, type PlannerFields } from "./planner-aliases.ts";
import type { ShapeCache } from "./shape.ts";

const { Kind, parse, validate, specifiedRules } = graphqlCjs;

/** An operation parsed, validated and planned once, kept in the plan cache. */
export interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  rootType: GraphQLObjectType;
  plan: QueryPlan;
  /** Root fields answered by introspection of the API schema (`__schema`, `__type`). */
  introspection: DocumentNode | null;
  /** Field collection per selection set, when no @skip/@include makes it depend on variables (else per execution). */
  shapeCache: ShapeCache | null;
}

export interface SupergraphOptions {
  supergraphSdl: string;
  planCacheSize?: number;
  validationRules?: readonly ValidationRule[];
  maxTokens?: number;
}

/** The loaded supergraph: API schema, supergraph schema, planner, subgraph URLs, and the plan cache. */
export class PreparedSupergraph {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly subgraphUrls: ReadonlyMap<string, string>;
  private readonly api: Schema;
  private readonly planner: QueryPlanner;
  private readonly cache: LRUCache<string, Prepared | { errors: ExecutionError[] }>;
  /** Plans by normalised operation (printed document): texts that differ only in layout share one. */
  private readonly normalised: LRUCache<string, Prepared>;
  /** Prepared operations validated by this executor (not only by a caller that said it validated them). */
  private readonly checked = new WeakSet<Prepared>();
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Prepared | { errors: ExecutionError[] }>>();
  private readonly rules: readonly ValidationRule[];
  private readonly plannerFields: PlannerFields;

  constructor(private readonly options: SupergraphOptions) {
    const supergraph = Supergraph.build(options.supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES });
    this.api = supergraph.apiSchema();
    this.apiSchema = this.api.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.subgraphUrls = new Map([...supergraph.subgraphs().values()].map((s) => [s.name, s.url]));
    this.cache = new LRUCache({ max: options.planCacheSize ?? 1000 });
    this.normalised = new LRUCache({ max: options.planCacheSize ?? 1000 });
    this.rules = [...specifiedRules, ...(options.validationRules ?? [])];
    this.plannerFields = plannerFields(options.supergraphSdl);
  }

  /** The prepared operation for a query text (cached by text and operation name), or its errors. */
  /**
   * `validated`: the document was validated against this API schema already (Apollo Server did, with
   * the gateway's rules, which include the specification's), so it is only planned here.
   */
  prepare(query: string | DocumentNode, operationName: string | undefined, validated = false): Prepared | { errors: ExecutionError[] } {
    if (typeof query !== "string") {
      // A parsed document (e.g. Apollo Server's, the same object while its document cache holds it) is cached by identity.
      let byName = this.byDocument.get(query);
      if (!byName) this.byDocument.set(query, (byName = new Map()));
      let prepared = byName.get(operationName ?? "");
      if (!prepared) byName.set(operationName ?? "", (prepared = this.build(query, operationName, validated)));
      return prepared;
    }
    const key = `${operationName ?? ""}\u0000${query}`;
    let prepared = this.cache.get(key);
    if (!prepared) this.cache.set(key, (prepared = this.build(query, operationName)));
    return prepared;
  }

  private build(query: string | DocumentNode, operationName: string | undefined, validated = false): Prepared | { errors: ExecutionError[] } {
    let original: DocumentNode;
    try {
      original = typeof query === "string" ? parse(query, this.options.maxTokens ? { maxTokens: this.options.maxTokens } : {}) : query;
    } catch (error) {
      return { errors: [{ message: (error as Error).message, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] };
    }
    const normalisedKey = `${operationName ?? ""}\u0000${graphqlCjs.print(original)}`;
    const known = this.normalised.get(normalisedKey);
    // A plan made for a caller that validated the document serves others once it is validated here.
    if (known && (validated || this.checked.has(known))) return known;
    const invalid = validated ? [] : validate(this.apiSchema, original, this.rules);
    if (invalid.length) return { errors: invalid.map((e) => ({ message: e.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) };
    if (known) {
      this.checked.add(known);
      return known;
    }
    // Planned and shaped with client fields that could clash with planner-added fields aliased (see planner-aliases.ts).
    const document = aliasPlannerConflicts(original, this.plannerFields);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) {
      const message = operationName ? `Unknown operation named "${operationName}".` : "Must provide operation name if query contains multiple operations.";
      return { errors: [{ message, extensions: { code: "BAD_USER_INPUT" } }] };
    }
    const rootType = this.apiSchema.getRootType(operation.operation);
    if (!rootType) return { errors: [{ message: `The schema has no ${operation.operation} type.`, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] };
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    let plan: QueryPlan;
    try {
      plan = this.planner.buildQueryPlan(operationFromDocument(this.api, document, { operationName: operation.name?.value }));
      if (operation.operation === "mutation") plan = this.serialMutationPlan(document, operation, plan);
      if (usesContexts(plan.node)) return { errors: [{ message: "Operations that need @fromContext are not supported by this gateway yet.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] };
    } catch (error) {
      return { errors: [{ message: (error as Error).message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] };
    }
    const conditional = /@(skip|include)\b/.test(normalisedKey);
    const prepared: Prepared = { document, operation, fragments, rootType, plan, introspection: introspectionPart(original, operation), shapeCache: conditional ? null : new WeakMap() };
    this.normalised.set(normalisedKey, prepared);
    if (!validated) this.checked.add(prepared);
    return prepared;
  }

  /**
   * The planner sends consecutive mutation fields of one subgraph in one fetch and runs their entity
   * fetches afterwards, so a field's sub-selections see the effects of later fields. When any field
   * needs more than its root fetch, each root field is planned on its own and the plans run in
   * sequence, as the spec's serial execution requires.
   */
  private serialMutationPlan(document: DocumentNode, operation: OperationDefinitionNode, plan: QueryPlan): QueryPlan {
    const roots = operation.selectionSet.selections;
    if (roots.length < 2 || roots.some((s) => s.kind !== Kind.FIELD)) return plan;
    const nodes: PlanNode[] = [];
    let needed = false;
    for (const root of roots) {
      const single: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: [root] } };
      const doc: DocumentNode = { ...document, definitions: document.definitions.map((d) => (d === operation ? single : d)) };
      const node = this.planner.buildQueryPlan(operationFromDocument(this.api, doc, { operationName: operation.name?.value, validate: false })).node as PlanNode | undefined;
      if (!node) continue;
      if (node.kind !== "Fetch") needed = true;
      nodes.push(node);
    }
    return needed ? { kind: "QueryPlan", node: { kind: "Sequence", nodes } } : plan;
  }
}

/** Whether a plan passes @fromContext values (context rewrites), which this executor does not implement. */
function usesContexts(node: QueryPlan["node"] | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case "Fetch":
      return !!node.contextRewrites?.length;
    case "Sequence":
    case "Parallel":
      return node.nodes.some(usesContexts);
    case "Flatten":
      return usesContexts(node.node);
    case "Condition":
      return usesContexts(node.ifClause) || usesContexts(node.elseClause);
    case "Defer":
      return usesContexts(node.primary.node) || node.deferred.some((d) => usesContexts(d.node));
    case "Subscription":
      return usesContexts(node.primary) || usesContexts(node.rest);
  }
}

/** A document holding only the operation's root introspection fields, or null when it has none. */
function introspectionPart(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode | null {
  const fields = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && (s.name.value === "__schema" || s.name.value === "__type"));
  if (!fields.length) return null;
  return { ...document, definitions: [...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION), { ...operation, selectionSet: { ...operation.selectionSet, selections: fields } }] };
}

export type { PlanNode };
