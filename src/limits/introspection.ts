import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** Refuses `__schema` and `__type` (not `__typename`, which clients need for unions). */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (INTROSPECTION_FIELDS.has(node.name.value))
      context.reportError(
        new GraphQLError(`Introspection is disabled on this server ("${node.name.value}").`, {
          nodes: [node],
          extensions: { code: ErrorCode.INTROSPECTION_DISABLED },
        }),
      );
  },
});

const SUGGESTION = / ?Did you mean .*\?$/;

/**
 * Introspection switch. With introspection off, or in production, validation errors also lose
 * graphql's "Did you mean ...?" hints, which would otherwise spell out the schema field by field.
 */
export function useIntrospectionControl({
  introspection,
  production,
}: {
  introspection: boolean;
  production: boolean;
}): Plugin {
  const hideSuggestions = !introspection || production;
  return {
    onValidate({ addValidationRule }) {
      if (!introspection) addValidationRule(noIntrospection);
      if (!hideSuggestions) return;
      return ({ result, setResult }) => {
        if (!result.some((e) => SUGGESTION.test(e.message))) return;
        setResult(
          result.map((e) =>
            SUGGESTION.test(e.message)
              ? new GraphQLError(e.message.replace(SUGGESTION, ''), {
                  nodes: e.nodes,
                  source: e.source,
                  positions: e.positions,
                  extensions: e.extensions,
                })
              : e,
          ),
        );
      };
    },
  };
}
