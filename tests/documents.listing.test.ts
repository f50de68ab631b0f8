import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';

describe('documents listing', () => {
  const app = createTestApp();

  it('when the listing is asked for, then all ten seed documents come back oldest first', async () => {
    const data = await app.data<{
      documents: { totalCount: number; nodes: { title: string; dateStart: string }[] };
    }>(/* GraphQL */ `
      {
        documents(first: 20) {
          totalCount
          nodes {
            title
            dateStart
          }
        }
      }
    `);
    expect(data.documents.totalCount).toBe(10);
    expect(data.documents.nodes.map((d) => d.dateStart)).toEqual([
      '1949-05-15',
      '1950-01-19',
      '1950-09-21',
      '1950-09-27',
      '1950-09-29',
      '1950-10-08',
      '1950-10-12',
      '1950-11-02',
      '1950-11-17',
      '1950-11-20',
    ]);
  });
});
