// An error whose message is the one line a user sees (CLI stderr or a chat reply): what was wrong and what to do.
export class UserError extends Error {
  override name = 'UserError';
}
