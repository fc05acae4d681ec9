import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The EC2 Query protocol: a form POST (Action, Version, InstanceId.N, Filter.N.Name, …). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

/** Values of a numbered list parameter: `InstanceId.1`, `InstanceId.2`, … */
export function listParam(form: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.${i}`); i++) out.push(form.get(`${prefix}.${i}`) ?? '');
  return out;
}

/** `Filter.N.Name` / `Filter.N.Value.M` as a list of { name, values }. */
export function filtersOf(form: URLSearchParams): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
    out.push({ name: form.get(`Filter.${i}.Name`) ?? '', values: listParam(form, `Filter.${i}.Value`) });
  }
  return out;
}

export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An EC2 error as EC2 sends it: `<Response><Errors><Error>…` and a request ID. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const id = randomUUID();
  res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': id });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
  );
}

export function sendXml(res: ServerResponse, action: string, inner: string): void {
  const id = randomUUID();
  res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': id });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${id}</requestId>${inner}</${action}Response>`,
  );
}
