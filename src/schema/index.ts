import { builder } from '../builder.js';
import { guardConnectionArguments } from './connection-guard.js';
import './citation.js';
import './document.js';
import { attachDocumentSets } from './facets.js';
import './person.js';
import './search.js';
import './topic.js';

builder.queryType({
  description:
    'Read access to the archive: documents, the people and organizations in them, and their topics.',
});

export const schema = attachDocumentSets(guardConnectionArguments(builder.toSchema({ sortSchema: true })));
