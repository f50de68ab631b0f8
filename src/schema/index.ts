import { builder } from '../builder.js';
import { guardConnectionArguments } from './connection-guard.js';
import './citation.js';
import './document.js';
import './document-mutations.js';
import { attachDocumentSets } from './facets.js';
import './person.js';
import './person-mutations.js';
import './search.js';
import './topic.js';
import './topic-mutations.js';
import './audit.js';
import './api-key.js';

builder.queryType({
  description:
    'Read access to the archive: documents, the people and organizations in them, and their topics. Public unless the archive requires an API key for reads.',
  authScopes: { reader: true },
});

builder.mutationType({
  description:
    'Changes to the archive. Every mutation needs an API key with the EDITOR role or above (`Authorization: Bearer <key>`), runs in one transaction, and is recorded in the audit log. Refused input comes back as one BAD_USER_INPUT error listing every problem in `extensions.fields` (`[{path, message}]`, paths like "input.dateEnd"); a stale `expectedVersion` is a CONFLICT error with `extensions.currentVersion`.',
  authScopes: { editor: true },
});

export const schema = attachDocumentSets(guardConnectionArguments(builder.toSchema({ sortSchema: true })));
