/**
 * Our job IDs as BullMQ custom IDs. BullMQ refuses IDs containing ':' and IDs
 * that read as integers, so '%' and ':' are percent-escaped (every '%' in the
 * result is then followed by '25' or '3A') and an all-digit ID gets the marker
 * '%d' in front, which escaping never produces. Distinct IDs stay distinct.
 */
export function toBullmqJobId(id: string): string {
  if (id.length === 0) throw new Error('job ID must not be empty');
  const escaped = id.replace(/%/g, '%25').replace(/:/g, '%3A');
  return /^\d+$/.test(escaped) ? `%d${escaped}` : escaped;
}
