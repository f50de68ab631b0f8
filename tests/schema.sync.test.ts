import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { printArchiveSchema } from '../src/schema/print.js';

describe('schema.graphql', () => {
  it('when the code builds the schema, then schema.graphql holds exactly that (run `npm run schema`)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../schema.graphql'), 'utf8');
    expect(committed).toBe(printArchiveSchema());
  });

  it('when GraphiQL shows the docs, then every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    const check = (what: string, description: string | null | undefined) => {
      if (!description?.trim()) missing.push(what);
    };
    const checkArgs = (owner: string, args: readonly GraphQLArgument[]) => {
      for (const arg of args) check(`${owner}(${arg.name})`, arg.description);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))
        continue;
      check(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()) as (
          | GraphQLField<unknown, unknown>
          | GraphQLInputField
        )[]) {
          check(`${type.name}.${field.name}`, field.description);
          if ('args' in field) checkArgs(`${type.name}.${field.name}`, field.args);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    expect(missing).toEqual([]);
  });
});
