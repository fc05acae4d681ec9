import type { CloudName, ProviderName } from '../../domain/types.js';

/** Escape user text for mrkdwn so it can't ping @channel or forge links. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text that came from a cloud (a machine name, ID, status), for inside a code
 * span: escaped, a backtick (which would close the span) becomes ˋ, and line
 * breaks and control characters become spaces.
 */
export function codeText(text: string): string {
  return escapeText(text)
    .replace(/`/g, '\u02cb')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
}

/**
 * Text that came from a cloud, for plain mrkdwn: as codeText, and the
 * emphasis marks (`*`, `~`, and `_` at a word's edge) replaced by look-alikes,
 * so a cloud can't restyle or break out of the bot's own text.
 */
export function cloudText(text: string): string {
  return codeText(text)
    .replace(/\*/g, '\u2217')
    .replace(/~/g, '\u223c')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, '$1\uff3f');
}

/** User input echoed back: escaped, and control characters shown as U+FFFD. */
export function echoText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return escapeText(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Cut text to at most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export const CLOUD_LABELS: Record<CloudName, string> = {
  huawei: 'Huawei Cloud ECS',
  alibaba: 'Alibaba Cloud SAE',
  zenlayer: 'Zenlayer bare metal',
  aws: 'AWS EC2',
  sandbox: 'Sandbox',
};

/**
 * How a provider is named to people: one named after its cloud by the cloud's
 * full name (`Huawei Cloud ECS`), any other by its configured name (`huawei-dr`),
 * so two accounts of one cloud never read the same.
 */
export function providerLabel(name: ProviderName): string {
  return Object.hasOwn(CLOUD_LABELS, name) ? CLOUD_LABELS[name as CloudName] : name;
}

/** Slack renders this in each reader's own time zone. */
export function slackDate(ms: number, fallback = 'at'): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback} ${new Date(ms).toISOString()}>`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Join lines into one mrkdwn text of at most `max` characters; lines that do
 * not fit are summarised as "…and N more".
 */
export function fitLines(lines: readonly string[], max: number, maxLines = lines.length): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const left = lines.length - i;
    const tail = `…and ${left} more`;
    const budget = max - used - (left > 1 ? tail.length + 1 : 0);
    if (out.length >= maxLines || line.length + 1 > budget) {
      out.push(`…and ${left} more`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join('\n');
}
