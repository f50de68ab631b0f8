import { defineRelations } from 'drizzle-orm';
import * as schema from './schema.js';

export const relations = defineRelations(schema, (r) => ({
  documents: {
    personLinks: r.many.documentPeople({
      from: r.documents.id,
      to: r.documentPeople.documentId,
    }),
    authorLinks: r.many.documentPeople({
      from: r.documents.id,
      to: r.documentPeople.documentId,
      where: { role: 'AUTHOR' },
    }),
    recipientLinks: r.many.documentPeople({
      from: r.documents.id,
      to: r.documentPeople.documentId,
      where: { role: 'RECIPIENT' },
    }),
    mentionedLinks: r.many.documentPeople({
      from: r.documents.id,
      to: r.documentPeople.documentId,
      where: { role: 'MENTIONED' },
    }),
    topicLinks: r.many.documentTopics({
      from: r.documents.id,
      to: r.documentTopics.documentId,
    }),
    topics: r.many.topics({
      from: r.documents.id.through(r.documentTopics.documentId),
      to: r.topics.id.through(r.documentTopics.topicId),
    }),
    languages: r.many.documentLanguages({
      from: r.documents.id,
      to: r.documentLanguages.documentId,
    }),
  },
  documentLanguages: {
    document: r.one.documents({
      from: r.documentLanguages.documentId,
      to: r.documents.id,
      optional: false,
    }),
  },
  people: {
    alternateNames: r.many.personNames({
      from: r.people.id,
      to: r.personNames.personId,
    }),
    documentLinks: r.many.documentPeople({
      from: r.people.id,
      to: r.documentPeople.personId,
    }),
    authorLinks: r.many.documentPeople({
      from: r.people.id,
      to: r.documentPeople.personId,
      where: { role: 'AUTHOR' },
    }),
    recipientLinks: r.many.documentPeople({
      from: r.people.id,
      to: r.documentPeople.personId,
      where: { role: 'RECIPIENT' },
    }),
    mentionedLinks: r.many.documentPeople({
      from: r.people.id,
      to: r.documentPeople.personId,
      where: { role: 'MENTIONED' },
    }),
    documents: r.many.documents({
      from: r.people.id.through(r.documentPeople.personId),
      to: r.documents.id.through(r.documentPeople.documentId),
    }),
  },
  personNames: {
    person: r.one.people({
      from: r.personNames.personId,
      to: r.people.id,
      optional: false,
    }),
  },
  topics: {
    parent: r.one.topics({
      from: r.topics.parentId,
      to: r.topics.id,
    }),
    children: r.many.topics({
      from: r.topics.id,
      to: r.topics.parentId,
    }),
    documentLinks: r.many.documentTopics({
      from: r.topics.id,
      to: r.documentTopics.topicId,
    }),
    documents: r.many.documents({
      from: r.topics.id.through(r.documentTopics.topicId),
      to: r.documents.id.through(r.documentTopics.documentId),
    }),
  },
  documentPeople: {
    document: r.one.documents({
      from: r.documentPeople.documentId,
      to: r.documents.id,
      optional: false,
    }),
    person: r.one.people({
      from: r.documentPeople.personId,
      to: r.people.id,
      optional: false,
    }),
  },
  documentTopics: {
    document: r.one.documents({
      from: r.documentTopics.documentId,
      to: r.documents.id,
      optional: false,
    }),
    topic: r.one.topics({
      from: r.documentTopics.topicId,
      to: r.topics.id,
      optional: false,
    }),
  },
}));
