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
import type { RoaClient } from './roa-client.js';

/** The five SAE calls stopbot makes (spec §2), one function each, no retries here. */

const PAGE_SIZE = 100;
/** A guard against a server that never says it is done. */
const MAX_PAGES = 1000;

/**
 * Every application of the region, across all its namespaces (no NamespaceId),
 * page by page. SAE's name filter is fuzzy, so callers match names themselves.
 */
export async function listApplications(client: RoaClient): Promise<AppSummary[]> {
  const apps: AppSummary[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = { CurrentPage: String(page), PageSize: String(PAGE_SIZE) };
    const operation = 'ListApplications';
    const reply = await client.call({
      operation,
      method: 'GET',
      path: '/pop/v1/sam/app/listApplications',
      query,
      mayAct: false,
    });
    const data = readData(operation, listPageSchema, reply.Data);
    apps.push(...data.Applications);
    const done = data.TotalSize !== undefined && apps.length >= data.TotalSize;
    if (done || data.Applications.length < PAGE_SIZE) return apps;
  }
  throw new ProviderError({
    provider: 'alibaba',
    providerCode: 'InvalidResponse',
    message: `SAE ListApplications failed: more than ${MAX_PAGES} pages`,
    retryable: false,
  });
}

export async function stopApplication(client: RoaClient, appId: string): Promise<string> {
  const operation = 'StopApplication';
  const reply = await client.call({
    operation,
    method: 'PUT',
    path: '/pop/v1/sam/app/stopApplication',
    query: { AppId: appId },
    mayAct: true,
  });
  return readData(operation, changeOrderIdSchema, reply.Data).ChangeOrderId;
}

/** One change order for apps of one namespace. An empty list is a bug: SAE may read it as "all". */
export async function batchStopApplications(
  client: RoaClient,
  namespaceId: string,
  appIds: readonly string[],
): Promise<string> {
  if (appIds.length === 0 || appIds.some((id) => id === '')) {
    throw new RangeError(
      'batchStopApplications needs at least one AppId (an empty list may stop a whole namespace)',
    );
  }
  const operation = 'BatchStopApplications';
  const reply = await client.call({
    operation,
    method: 'PUT',
    path: '/pop/v1/sam/app/batchStopApplications',
    query: { NamespaceId: namespaceId, AppIds: appIds.join(',') },
    mayAct: true,
  });
  return readData(operation, changeOrderIdSchema, reply.Data).ChangeOrderId;
}

export async function describeChangeOrder(client: RoaClient, changeOrderId: string): Promise<ChangeOrder> {
  const operation = 'DescribeChangeOrder';
  const reply = await client.call({
    operation,
    method: 'GET',
    path: '/pop/v1/sam/changeorder/DescribeChangeOrder',
    query: { ChangeOrderId: changeOrderId },
    mayAct: false,
  });
  return readData(operation, changeOrderSchema, reply.Data);
}

export async function describeApplicationStatus(client: RoaClient, appId: string): Promise<AppStatus> {
  const operation = 'DescribeApplicationStatus';
  const reply = await client.call({
    operation,
    method: 'GET',
    path: '/pop/v1/sam/app/describeApplicationStatus',
    query: { AppId: appId },
    mayAct: false,
  });
  return readData(operation, appStatusSchema, reply.Data);
}
