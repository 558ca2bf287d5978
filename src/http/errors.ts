import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalogue, isGatehouseError } from '../kernel/errors.ts';

/**
 * Maps every error to a 4xx or 5xx with a JSON body and no stack trace. Admin API paths use
 * Keycloak's `{errorMessage, field}`; everything else the protocol shape `{error, error_description}`.
 * A 5xx says only that something went wrong; the log keeps the detail.
 */
export function installErrorMapping(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const admin = request.url.startsWith('/admin/');
    if (isGatehouseError(error)) {
      const status = error.status;
      const message = error.expose ? error.message : errorCatalogue.GH_INTERNAL.message;
      if (status >= 500) request.log.error({ err: error, code: error.code }, 'request failed');
      return admin
        ? reply.status(status).send(error.field ? { field: error.field, errorMessage: message } : { errorMessage: message })
        : reply.status(status).send({ error: protocolErrorCode(status), error_description: message });
    }
    // Fastify's own client errors: malformed JSON, an oversized body, a bad content type.
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unexpected error');
      return admin
        ? reply.status(500).send({ errorMessage: errorCatalogue.GH_INTERNAL.message })
        : reply.status(500).send({ error: 'server_error', error_description: errorCatalogue.GH_INTERNAL.message });
    }
    const message = clientErrorMessage(error);
    return admin ? reply.status(status).send({ errorMessage: message }) : reply.status(status).send({ error: protocolErrorCode(status), error_description: message });
  });

  app.setNotFoundHandler((request, reply) => {
    void request;
    return reply.status(404).send({ error: 'Unable to find matching target resource method', error_description: 'For more on this error consult the server log.' });
  });
}

function protocolErrorCode(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'access_denied';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'request_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'too_many_requests';
  return 'invalid_request';
}

function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type';
    default:
      return error.message;
  }
}
