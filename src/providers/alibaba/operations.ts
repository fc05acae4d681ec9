import type { z } from 'zod';
import { ProviderError } from '../../errors.js';
import {
  type AppStatus,
  type AppSummary,
  appStatusSchema,
  type ChangeOrder,
  changeOrderIdSchema,
  changeOrderSchema,
  listPageSchema,
  readData,
} from './mapping.js';
import type { RoaClient, RoaRequest } from './roa-client.js';

/** The SAE calls stopbot makes (spec §2, start.md §2), one function each, no retries here. */

const PAGE_SIZE = 100;
/** A guard against a server that never says it is done. */
const MAX_PAGES = 1000;

/** One call, its Data checked against `schema`. */
async function callFor<S extends z.ZodType>(
  client: RoaClient,
  schema: S,
  request: RoaRequest,
): Promise<z.infer<S>> {
  const reply = await client.call(request);
  return readData(request.operation, schema, reply.Data);
}

/**
 * Every application of the region, across all its namespaces (no NamespaceId),
 * page by page. SAE's name filter is fuzzy, so callers match names themselves.
 */
export async function listApplications(client: RoaClient): Promise<AppSummary[]> {
  const apps: AppSummary[] = [];
  await listApplicationPages(client, {}, (page) => {
    apps.push(...page);
    return true;
  });
  return apps;
}

/**
 * ListApplications page by page (CurrentPage from 1), with extra filters such as
 * `Tags`; `onPage` answers false to stop early. True when every page was read.
 */
export async function listApplicationPages(
  client: RoaClient,
  filter: Record<string, string>,
  onPage: (apps: AppSummary[]) => boolean,
): Promise<boolean> {
  let listed = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await callFor(client, listPageSchema, {
      operation: 'ListApplications',
      method: 'GET',
      path: '/pop/v1/sam/app/listApplications',
      query: { ...filter, CurrentPage: String(page), PageSize: String(PAGE_SIZE) },
      mayAct: false,
    });
    listed += data.Applications.length;
    if (!onPage(data.Applications)) return false;
    const done = data.TotalSize !== undefined && listed >= data.TotalSize;
    if (done || data.Applications.length < PAGE_SIZE) return true;
  }
  throw new ProviderError({
    provider: 'alibaba',
    providerCode: 'InvalidResponse',
    message: `SAE ListApplications failed: more than ${MAX_PAGES} pages`,
    retryable: false,
  });
}

/** One page of ListApplications, filtered by SAE's (fuzzy) AppName when given: for type-ahead. */
export async function listApplicationsPage(
  client: RoaClient,
  appName: string,
  pageSize: number,
): Promise<AppSummary[]> {
  const query: Record<string, string> = { CurrentPage: '1', PageSize: String(Math.min(PAGE_SIZE, pageSize)) };
  if (appName !== '') query.AppName = appName;
  const data = await callFor(client, listPageSchema, {
    operation: 'ListApplications',
    method: 'GET',
    path: '/pop/v1/sam/app/listApplications',
    query,
    mayAct: false,
  });
  return data.Applications;
}

export type Verb = 'Stop' | 'Start';

async function oneApplication(client: RoaClient, verb: Verb, appId: string): Promise<string> {
  const data = await callFor(client, changeOrderIdSchema, {
    operation: `${verb}Application`,
    method: 'PUT',
    path: `/pop/v1/sam/app/${verb.toLowerCase()}Application`,
    query: { AppId: appId },
    mayAct: true,
  });
  return data.ChangeOrderId;
}

/** One change order for apps of one namespace. An empty list is a bug: SAE may read it as "all". */
async function batchApplications(
  client: RoaClient,
  verb: Verb,
  namespaceId: string,
  appIds: readonly string[],
): Promise<string> {
  if (appIds.length === 0 || appIds.some((id) => id === '')) {
    throw new RangeError(
      `batch${verb}Applications needs at least one AppId (an empty list may act on a whole namespace)`,
    );
  }
  const data = await callFor(client, changeOrderIdSchema, {
    operation: `Batch${verb}Applications`,
    method: 'PUT',
    path: `/pop/v1/sam/app/batch${verb}Applications`,
    query: { NamespaceId: namespaceId, AppIds: appIds.join(',') },
    mayAct: true,
  });
  return data.ChangeOrderId;
}

export const stopApplication = (client: RoaClient, appId: string) => oneApplication(client, 'Stop', appId);
export const startApplication = (client: RoaClient, appId: string) => oneApplication(client, 'Start', appId);

export const batchStopApplications = (client: RoaClient, namespaceId: string, appIds: readonly string[]) =>
  batchApplications(client, 'Stop', namespaceId, appIds);
export const batchStartApplications = (client: RoaClient, namespaceId: string, appIds: readonly string[]) =>
  batchApplications(client, 'Start', namespaceId, appIds);

export async function describeChangeOrder(client: RoaClient, changeOrderId: string): Promise<ChangeOrder> {
  return callFor(client, changeOrderSchema, {
    operation: 'DescribeChangeOrder',
    method: 'GET',
    path: '/pop/v1/sam/changeorder/DescribeChangeOrder',
    query: { ChangeOrderId: changeOrderId },
    mayAct: false,
  });
}

export async function describeApplicationStatus(client: RoaClient, appId: string): Promise<AppStatus> {
  return callFor(client, appStatusSchema, {
    operation: 'DescribeApplicationStatus',
    method: 'GET',
    path: '/pop/v1/sam/app/describeApplicationStatus',
    query: { AppId: appId },
    mayAct: false,
  });
}
