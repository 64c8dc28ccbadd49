// GitHub-shaped error replies: `{message, documentation_url, errors?, status}`.

export interface FieldError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      documentation_url: 'https://docs.github.com/rest',
      ...(this.errors ? { errors: this.errors } : {}),
      status: String(this.status),
    };
  }
}

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found');

export const invalid = (resource: string, field: string, code = 'invalid', message?: string): GitHubError =>
  new GitHubError(422, 'Validation Failed', [{ resource, code, field, ...(message ? { message } : {}) }]);

/** A valid request using something the fake does not model: a violation, never a silent ignore. */
export class FakeUnimplemented extends Error {}
