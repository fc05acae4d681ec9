/** Names Slack would show for IDs (users, groups, channels). */
export type Names = Readonly<Record<string, string>>;

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:MM:SS in the local time zone. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function dayWord(ms: number, now: number): string {
  const d = new Date(ms);
  if (d.toDateString() === new Date(now).toDateString()) return 'today';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `<!date^seconds^format|fallback>` as a reader sees it, in their own time zone. */
function slackDate(seconds: string, now: number): string {
  const ms = Number(seconds) * 1000;
  return `${dayWord(ms, now)} at ${clockTime(ms)}`;
}

/**
 * mrkdwn as a person reads it in Slack: mentions become @name / #channel,
 * dates become local times, *bold*, _italic_ and `code` marks disappear,
 * and HTML entities are decoded.
 */
export function plainText(mrkdwn: string, names: Names, now = Date.now()): string {
  return mrkdwn
    .replace(/<@([UW][A-Z0-9]+)>/g, (_m, id: string) => `@${names[id] ?? id}`)
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${names[id] ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `#${names[id] ?? id}`)
    .replace(/<!date\^(\d+)\^[^|>]*(?:\|[^>]*)?>/g, (_m, s: string) => slackDate(s, now))
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]*)>/g, '$2')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/^# /gm, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
