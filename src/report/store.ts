/**
 * Where report history lives: a JSON file for the CLI, DynamoDB on AWS (one table: pk = cluster,
 * sk = "status" | "f#<findingKey>" | "mute#<code>"). The same DynamoDB code runs in tests against
 * dynalite, a DynamoDB-compatible server.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { LEDGER_VALUE_MAX_CHARS, type Ledger } from '../core/ledger.js';
import type { ClusterStatus, HistoryEntry, Mute } from './history.js';

/** A history store. */
export interface HistoryStore {
  load(cluster: string): Promise<{ entries: HistoryEntry[]; status?: ClusterStatus }>;
  /** The cluster's last status alone (one small read: the fleet's dispatch order reads every cluster's). */
  status(cluster: string): Promise<ClusterStatus | undefined>;
  /** Replaces the cluster's remembered findings and status. */
  save(cluster: string, entries: readonly HistoryEntry[], status: ClusterStatus): Promise<void>;
  mutes(): Promise<Mute[]>;
  addMute(m: Mute): Promise<void>;
  /** Removes the mute of this finding key (Unmute). */
  removeMute(m: Pick<Mute, 'cluster' | 'code' | 'subject'>): Promise<void>;
}

const sameKey = (
  a: Pick<Mute, 'cluster' | 'code' | 'subject'>,
  b: Pick<Mute, 'cluster' | 'code' | 'subject'>,
) => a.cluster === b.cluster && a.code === b.code && (a.subject ?? '') === (b.subject ?? '');
const muteSk = (m: Pick<Mute, 'cluster' | 'code' | 'subject'>) => `${m.cluster}#${m.code}#${m.subject ?? ''}`;

interface FileShape {
  clusters: Record<string, { entries: HistoryEntry[]; status?: ClusterStatus }>;
  mutes: Mute[];
}

/** History in one JSON file (the CLI default: ~/.kube-triage/history.json). */
export class FileStore implements HistoryStore {
  readonly #path: string;
  constructor(path: string) {
    this.#path = path;
  }
  #read(): FileShape {
    if (!existsSync(this.#path)) return { clusters: {}, mutes: [] };
    try {
      const j = JSON.parse(readFileSync(this.#path, 'utf8')) as Partial<FileShape>;
      return { clusters: j.clusters ?? {}, mutes: j.mutes ?? [] };
    } catch {
      // A corrupt file is kept aside, not overwritten by the next save: history and mutes can be
      // recovered from it by hand. The report starts afresh (everything shows as new once).
      const aside = `${this.#path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.#path, aside);
      return { clusters: {}, mutes: [] };
    }
  }
  async load(cluster: string) {
    const c = this.#read().clusters[cluster];
    return { entries: c?.entries ?? [], ...(c?.status ? { status: c.status } : {}) };
  }
  async status(cluster: string) {
    return this.#read().clusters[cluster]?.status;
  }
  async save(cluster: string, entries: readonly HistoryEntry[], status: ClusterStatus) {
    const d = this.#read();
    d.clusters[cluster] = { entries: [...entries], status };
    writeFileSync(this.#path, JSON.stringify(d, null, 1), { mode: 0o600 });
  }
  async mutes() {
    return this.#read().mutes;
  }
  async addMute(m: Mute) {
    const d = this.#read();
    d.mutes = [...d.mutes.filter((x) => !sameKey(x, m)), m];
    writeFileSync(this.#path, JSON.stringify(d, null, 1), { mode: 0o600 });
  }
  async removeMute(m: Pick<Mute, 'cluster' | 'code' | 'subject'>) {
    const d = this.#read();
    d.mutes = d.mutes.filter((x) => !sameKey(x, m));
    writeFileSync(this.#path, JSON.stringify(d, null, 1), { mode: 0o600 });
  }
}

/** History in DynamoDB. `endpoint` points at dynalite locally. */
export class DynamoStore implements HistoryStore {
  readonly #table: string;
  readonly #o: { endpoint?: string; region?: string };
  #lazy?: Promise<{
    send: (c: unknown) => Promise<Record<string, unknown>>;
    m: typeof import('@aws-sdk/client-dynamodb');
  }>;

  constructor(table: string, o: { endpoint?: string; region?: string } = {}) {
    this.#table = table;
    this.#o = o;
  }

  /** The SDK client and module (the ledger shares them). */
  client() {
    return this.#client;
  }

  /** The SDK client, loaded on first use (not on the Slack ingress's cold start). */
  get #client() {
    const o = this.#o;
    this.#lazy ??= import('@aws-sdk/client-dynamodb').then((m) => {
      const c = new m.DynamoDBClient({
        region: o.region ?? process.env.AWS_REGION ?? 'us-east-1',
        ...(o.endpoint
          ? { endpoint: o.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
          : {}),
      });
      return { send: (x: unknown) => c.send(x as never) as unknown as Promise<Record<string, unknown>>, m };
    });
    return this.#lazy;
  }

  /** Creates the table (tests and local runs; on AWS serverless.yml creates it). */
  async createTable(): Promise<void> {
    const { send, m } = await this.#client;
    await send(
      new m.CreateTableCommand({
        TableName: this.#table,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }

  async #query(pk: string): Promise<{ sk: string; data: string }[]> {
    const { send, m } = await this.#client;
    const out: { sk: string; data: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = (await send(
        new m.QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ...(start ? { ExclusiveStartKey: start as never } : {}),
        }),
      )) as {
        Items?: { sk?: { S?: string }; data?: { S?: string } }[];
        LastEvaluatedKey?: Record<string, unknown>;
      };
      for (const it of r.Items ?? []) out.push({ sk: it.sk?.S ?? '', data: it.data?.S ?? '{}' });
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async load(cluster: string) {
    const items = await this.#query(`cluster#${cluster}`);
    const entries = items.filter((i) => i.sk.startsWith('f#')).map((i) => JSON.parse(i.data) as HistoryEntry);
    const st = items.find((i) => i.sk === 'status');
    return { entries, ...(st ? { status: JSON.parse(st.data) as ClusterStatus } : {}) };
  }

  async status(cluster: string): Promise<ClusterStatus | undefined> {
    const { send, m } = await this.#client;
    const r = (await send(
      new m.GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: `cluster#${cluster}` }, sk: { S: 'status' } },
      }),
    )) as { Item?: { data?: { S?: string } } };
    const data = r.Item?.data?.S;
    return data ? (JSON.parse(data) as ClusterStatus) : undefined;
  }

  async save(cluster: string, entries: readonly HistoryEntry[], status: ClusterStatus) {
    const { send, m } = await this.#client;
    const pk = `cluster#${cluster}`;
    const keep = new Set(entries.map((e) => `f#${e.key}`));
    const old = (await this.#query(pk)).filter((i) => i.sk.startsWith('f#') && !keep.has(i.sk));
    const writes = [
      ...entries.map((e) => ({
        PutRequest: { Item: { pk: { S: pk }, sk: { S: `f#${e.key}` }, data: { S: JSON.stringify(e) } } },
      })),
      { PutRequest: { Item: { pk: { S: pk }, sk: { S: 'status' }, data: { S: JSON.stringify(status) } } } },
      ...old.map((o) => ({ DeleteRequest: { Key: { pk: { S: pk }, sk: { S: o.sk } } } })),
    ];
    for (let i = 0; i < writes.length; i += 25) {
      let batch: unknown = { [this.#table]: writes.slice(i, i + 25) };
      for (let attempt = 0; attempt < 5 && batch && Object.keys(batch as object).length; attempt++) {
        const r = (await send(new m.BatchWriteItemCommand({ RequestItems: batch as never }))) as {
          UnprocessedItems?: Record<string, unknown[]>;
        };
        batch = r.UnprocessedItems && Object.keys(r.UnprocessedItems).length ? r.UnprocessedItems : undefined;
      }
    }
  }

  async mutes() {
    return (await this.#query('mutes')).map((i) => JSON.parse(i.data) as Mute);
  }

  async addMute(mute: Mute) {
    const { send, m } = await this.#client;
    await send(
      new m.PutItemCommand({
        TableName: this.#table,
        Item: {
          pk: { S: 'mutes' },
          sk: { S: muteSk(mute) },
          data: { S: JSON.stringify(mute) },
        },
      }),
    );
  }

  async removeMute(mute: Pick<Mute, 'cluster' | 'code' | 'subject'>) {
    const { send, m } = await this.#client;
    // Both key forms: mutes stored before subjects were part of the key have none.
    for (const sk of new Set([muteSk(mute), `${mute.cluster}#${mute.code}`]))
      await send(
        new m.DeleteItemCommand({ TableName: this.#table, Key: { pk: { S: 'mutes' }, sk: { S: sk } } }),
      );
  }
}

/**
 * The Ledger in the DynamoDB history table: conditional writes make a claim or a count atomic
 * across Lambda containers; items carry `expires` (epoch seconds) for DynamoDB's TTL.
 */
export class DynamoLedger implements Ledger {
  readonly #store: DynamoStore;
  readonly #table: string;
  /** The holder token of each claim this ledger took: release deletes a claim only while it is ours. */
  readonly #held = new Map<string, string>();

  constructor(table: string, o: { endpoint?: string; region?: string } = {}) {
    this.#table = table;
    this.#store = new DynamoStore(table, o);
  }

  async claim(key: string, ttlS: number): Promise<boolean> {
    const { send, m } = await this.#store.client();
    const now = Math.floor(Date.now() / 1000);
    const holder = randomUUID();
    try {
      await send(
        new m.PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: `ledger#${key}` },
            sk: { S: 'claim' },
            expires: { N: String(now + ttlS) },
            holder: { S: holder },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #e < :now',
          ExpressionAttributeNames: { '#e': 'expires' },
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      this.#held.set(key, holder);
      if (this.#held.size > 10_000) this.#held.delete(this.#held.keys().next().value as string);
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /**
   * Gives a claim back, only while it is still ours: after it expired someone else may hold the key,
   * and an unconditional delete would free their claim (two scans of one cluster at once).
   */
  async release(key: string): Promise<void> {
    const holder = this.#held.get(key);
    if (!holder) return;
    this.#held.delete(key);
    const { send, m } = await this.#store.client();
    try {
      await send(
        new m.DeleteItemCommand({
          TableName: this.#table,
          Key: { pk: { S: `ledger#${key}` }, sk: { S: 'claim' } },
          ConditionExpression: 'holder = :me',
          ExpressionAttributeValues: { ':me': { S: holder } },
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
  }

  async keep(key: string, value: string, ttlS: number): Promise<void> {
    if (value.length > LEDGER_VALUE_MAX_CHARS) return;
    const { send, m } = await this.#store.client();
    await send(
      new m.PutItemCommand({
        TableName: this.#table,
        Item: {
          pk: { S: `ledger#${key}` },
          sk: { S: 'value' },
          data: { S: value },
          expires: { N: String(Math.floor(Date.now() / 1000) + ttlS) },
        },
      }),
    );
  }

  async recall(key: string): Promise<string | undefined> {
    const { send, m } = await this.#store.client();
    const r = (await send(
      new m.GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: `ledger#${key}` }, sk: { S: 'value' } },
      }),
    )) as { Item?: { data?: { S?: string }; expires?: { N?: string } } };
    if (!r.Item || Number(r.Item.expires?.N ?? 0) < Date.now() / 1000) return undefined;
    return r.Item.data?.S;
  }

  async count(key: string, limit: number, windowS: number): Promise<boolean> {
    const { send, m } = await this.#store.client();
    const now = Math.floor(Date.now() / 1000);
    const window = Math.floor(now / windowS);
    try {
      await send(
        new m.UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: { S: `ledger#${key}` }, sk: { S: `w${window}` } },
          UpdateExpression: 'ADD #n :one SET #e = :exp',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'n', '#e': 'expires' },
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':exp': { N: String((window + 2) * windowS) },
            ':limit': { N: String(limit) },
          },
        }),
      );
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }
}
