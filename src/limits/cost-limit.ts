import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.js';
import type { OperationLimits } from '../config.js';
import { limitError } from './limit-error.js';

/** Assumed length of a list that takes no page arguments (a document's authors, a topic's children). */
export const UNPAGED_LIST_ESTIMATE = 5;

type Variables = Record<string, unknown>;

/**
 * Estimates how many objects an operation can return, which is what it costs to answer: each
 * object (a record, a connection, a page entry) counts 1; scalars are free (they come in the same
 * SQL row), as are introspection and `__typename`. A connection's `nodes`/`edges` hold its page
 * size: `first`/`last` (from literals or variables, capped at the page size the connection guard
 * allows) or the default page. `nodes(ids:)` holds its IDs; other lists count
 * {@link UNPAGED_LIST_ESTIMATE}.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables = {},
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const defaults: Variables = {};
  for (const definition of operation.variableDefinitions ?? [])
    if (definition.defaultValue)
      defaults[definition.variable.name.value] = literal(definition.defaultValue, {});
  const values = { ...defaults, ...variables };

  // A fragment's cost depends on the page size around it (a fragment on a connection), so it is
  // remembered per page size.
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  function fragmentCost(name: string, page: number): number {
    const key = `${name}@${page}`;
    const known = fragmentCosts.get(key);
    if (known !== undefined) return known;
    const definition = fragments.get(name);
    const type = definition && schema.getType(definition.typeCondition.name.value);
    if (!definition || !isCompositeType(type) || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = selectionSetCost(definition.selectionSet, type, page);
    inProgress.delete(name);
    fragmentCosts.set(key, cost);
    return cost;
  }

  function selectionSetCost(set: SelectionSetNode, parent: GraphQLCompositeType, page: number): number {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += fieldCost(selection, parent, page);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) cost += fragmentCost(selection.name.value, page);
      else {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) cost += selectionSetCost(selection.selectionSet, type, page);
      }
    }
    return cost;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType, page: number): number {
    if (node.name.value.startsWith('__')) return 0;
    const field =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!field) return 0;
    const type = getNamedType(field.type);
    if (!node.selectionSet || !isCompositeType(type)) return 0;
    const args = new Map(node.arguments?.map((a) => [a.name.value, literal(a.value, values)]));
    const pageSize = field.args.some((a) => a.name === 'first' || a.name === 'last')
      ? Math.min(toCount(args.get('first')) ?? toCount(args.get('last')) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
      : page;
    const inner = selectionSetCost(node.selectionSet, type, pageSize);
    return objectCount(node, field, parent, page, args) * (1 + inner);
  }

  function objectCount(
    node: FieldNode,
    field: GraphQLField<unknown, unknown>,
    parent: GraphQLCompositeType,
    page: number,
    args: Map<string, unknown>,
  ): number {
    if (!isListType(getNullableType(field.type))) return 1;
    if (parent.name.endsWith('Connection') && (node.name.value === 'edges' || node.name.value === 'nodes'))
      return page;
    const ids = args.get('ids');
    if (Array.isArray(ids)) return ids.length;
    return UNPAGED_LIST_ESTIMATE;
  }

  return selectionSetCost(operation.selectionSet, rootType, 1);
}

function toCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : undefined;
}

/** The value of an argument literal; variables are looked up (undefined when not given). */
function literal(node: ValueNode, variables: Variables): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map((v) => literal(v, variables));
    case Kind.NULL:
      return null;
    case Kind.OBJECT:
      return undefined;
    default:
      return node.value;
  }
}

/** Refuses, before execution, an operation whose estimated cost is above the limit. */
export function useCostLimit(limits: OperationLimits, production: boolean): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(
        args.schema,
        args.document,
        args.operationName,
        (args.variableValues ?? {}) as Variables,
      );
      if (cost > limits.maxCost)
        setResultAndStopExecution({ errors: [limitError('maxCost', limits.maxCost, cost, production)] });
    },
  };
}
