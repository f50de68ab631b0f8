import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type ParseOptions,
  parse,
  type SelectionSetNode,
  type Source,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config.js';
import { limitError } from './limit-error.js';

interface Measure {
  depth: number;
  aliases: number;
  directives: number;
}

const NOTHING: Measure = { depth: 0, aliases: 0, directives: 0 };
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Measures an operation's depth, aliases and directives through its fragments. Each fragment is
 * measured once (a fragment spread twice counts twice without being walked twice, so fragment
 * bombs cost linear time), and a fragment cycle counts as nothing: graphql's own
 * NoFragmentCycles rule reports it.
 */
function measurer(fragments: Map<string, FragmentDefinitionNode>) {
  const done = new Map<string, Measure>();
  const inProgress = new Set<string>();

  function fragment(name: string): Measure {
    const known = done.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || inProgress.has(name)) return NOTHING;
    inProgress.add(name);
    const inner = selectionSet(definition.selectionSet);
    inProgress.delete(name);
    const measure = { ...inner, directives: inner.directives + (definition.directives?.length ?? 0) };
    done.set(name, measure);
    return measure;
  }

  function selectionSet(set: SelectionSetNode | undefined): Measure {
    const total = { depth: 0, aliases: 0, directives: 0 };
    for (const selection of set?.selections ?? []) {
      let inner: Measure;
      let depth: number;
      if (selection.kind === Kind.FIELD) {
        inner = selectionSet(selection.selectionSet);
        // Introspection is exempt from depth: GraphiQL's schema query nests type references deeply.
        depth = INTROSPECTION_ROOTS.has(selection.name.value) ? 0 : 1 + inner.depth;
        total.aliases += selection.alias ? 1 : 0;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionSet(selection.selectionSet);
        depth = inner.depth;
      } else {
        inner = fragment(selection.name.value);
        depth = inner.depth;
      }
      total.depth = Math.max(total.depth, depth);
      total.aliases += inner.aliases;
      total.directives += inner.directives + (selection.directives?.length ?? 0);
    }
    return total;
  }

  return selectionSet;
}

/** Validation rule bounding depth, aliases and directives of every operation in the document. */
export function documentLimitsRule(limits: OperationLimits, production: boolean): ValidationRule {
  return (context: ValidationContext) => ({
    Document(document: DocumentNode) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions)
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      const measure = measurer(fragments);
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const m = measure(definition.selectionSet);
        const directives = m.directives + (definition.directives?.length ?? 0);
        const checks = [
          ['maxDepth', m.depth],
          ['maxAliases', m.aliases],
          ['maxDirectives', directives],
        ] as const;
        for (const [limit, actual] of checks) {
          if (actual > limits[limit]) {
            const error = limitError(limit, limits[limit], actual, production);
            context.reportError(
              new GraphQLError(error.message, { nodes: [definition], extensions: error.extensions }),
            );
          }
        }
      }
      return false;
    },
  });
}

/**
 * Parses with graphql's token cap, so a huge document is abandoned while it is read rather than
 * after it has been built; the syntax error graphql raises there becomes a limit error.
 */
export function parseWithTokenLimit(limits: OperationLimits, production: boolean) {
  return (source: string | Source, options?: ParseOptions) => {
    try {
      return parse(source, { ...options, maxTokens: limits.maxTokens });
    } catch (error) {
      if (error instanceof GraphQLError && /contains more th(?:an|at) \d+ tokens/.test(error.message))
        throw limitError('maxTokens', limits.maxTokens, undefined, production);
      throw error;
    }
  };
}

/** Yoga plugin installing the token cap and the depth/alias/directive rule. */
export function useDocumentLimits(limits: OperationLimits, production: boolean): Plugin {
  const rule = documentLimitsRule(limits, production);
  const parseFn = parseWithTokenLimit(limits, production);
  return {
    onParse({ setParseFn }) {
      setParseFn(parseFn);
    },
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
