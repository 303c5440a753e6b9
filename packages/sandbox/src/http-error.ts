/** An error answer in the Heroku APIs' shape: `{"id": ..., "message": ...}` with an HTTP status. */
export class HttpError extends Error {
  readonly id: string
  readonly status: number

  constructor(status: number, id: string, message: string) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.id = id
  }
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, 'bad_request', message)
}

export function notFound(message: string): HttpError {
  return new HttpError(404, 'not_found', message)
}

export function invalidParams(message: string): HttpError {
  return new HttpError(422, 'invalid_params', message)
}
