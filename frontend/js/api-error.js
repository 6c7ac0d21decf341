// An answer the API refused, or no answer at all (status 0).

export class ApiError extends Error {
  /** detail: the server's message or pydantic's error list; code/params name a message (errors.js). */
  constructor(status, detail, { code, params } = {}) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status; // 0: the server could not be reached
    this.detail = detail;
    this.code = code;
    this.params = params;
  }
}
