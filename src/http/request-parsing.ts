import type { Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';

const badRequest = (message: string, status = 400) =>
  createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status } } });

/**
 * Turns what yoga's request parsers let slip into clear 4xx answers: malformed JSON in a GET's
 * `variables`/`extensions` (yoga would answer "Unexpected error."), a charset other than UTF-8
 * (415), and an empty batch.
 */
export function useRequestParsingErrors(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers.get('content-type') ?? '')?.[1];
      if (charset && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8')
        throw badRequest(`Unsupported charset "${charset}": send UTF-8.`, 415);
      if (requestParser)
        setRequestParser(async (req) => {
          try {
            return await requestParser(req);
          } catch (error) {
            if (error instanceof SyntaxError)
              throw badRequest(`Malformed JSON in the request parameters: ${error.message}`);
            throw error;
          }
        });
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult) && requestParserResult.length === 0)
            throw badRequest('An empty batch holds no operation to run.');
        },
      };
    },
  };
}
