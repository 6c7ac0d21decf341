// An answer the API refused, or no answer at all (status 0).

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status; // 0: the server could not be reached
    this.detail = detail;
  }
}
