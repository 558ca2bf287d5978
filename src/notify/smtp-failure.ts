/**
 * One line that says why an SMTP attempt failed: the server's answer when there is one
 * (`535 5.7.8 Authentication credentials invalid`), else the connection problem. Nothing
 * from the settings goes in, so the password never reaches a log or an event.
 */
export function smtpFailureText(error: unknown): string {
  const e = (error ?? {}) as { response?: unknown; responseCode?: unknown; code?: unknown; message?: unknown; command?: unknown };
  if (typeof e.response === 'string' && e.response.trim() !== '') {
    const answer = e.response.replace(/\s+/g, ' ').trim();
    return typeof e.command === 'string' && e.command !== '' ? `${answer} (after ${e.command.split(' ')[0]})` : answer;
  }
  const message = typeof e.message === 'string' ? e.message.replace(/\s+/g, ' ').trim() : String(error);
  return typeof e.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
