/**
 * Fleet runs in the DynamoDB history table (jobs/fleet.ts, docs/fleet.md). Every write that must
 * happen once is a conditional write, so duplicate deliveries and retries of an invocation change
 * nothing:
 *
 *   pk "runs",        sk <run id>          the run's state: expected, done, deadline, assembling
 *                                          (lease start), finished. Small on purpose: every scan
 *                                          adds to `done`, and an update costs by item size (1 KB a
 *                                          write unit), so a hot counter must stay one unit
 *   pk "run#<id>",    sk "plan"            the plan (gzip JSON: clusters, channels, budget)
 *   pk "run#<id>",    sk "c#<cluster>"     one cluster's scan (gzip JSON), counted
 *   pk "run#<id>",    sk "post#<channel>"  the channel's report was posted (or is being posted)
 *
 * Items carry `expires` (RUN_TTL_S) for DynamoDB's TTL. The same code runs against dynalite locally.
 * @module
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { RUN_TTL_S } from '../core/limits.js';
import type { DynamoStore } from './store.js';

/** A fleet run's record as read back. */
export interface RunState<P> {
  readonly id: string;
  readonly plan: P;
  readonly expected: number;
  readonly done: number;
  /** Epoch ms. */
  readonly deadline: number;
  /** Epoch ms the current assembly started, when one did. */
  readonly assembling?: number;
  /** Epoch ms the run was reported. */
  readonly finished?: number;
}

/** A run's state without its plan. */
export type RunStatus = Omit<RunState<unknown>, 'plan'>;

/** Where fleet runs and their per-cluster results live. */
export interface RunStore {
  /** Records a new run; false when the id exists already. */
  createRun<P>(id: string, plan: P, expected: number, deadline: number): Promise<boolean>;
  getRun<P>(id: string): Promise<RunState<P> | undefined>;
  /** Stores a cluster's result unless one is there; false when one was (a duplicate or a retry). */
  putResult(id: string, cluster: string, value: unknown): Promise<boolean>;
  /**
   * Claims the right to count a stored result toward the run (once per cluster, even when the first
   * invocation died between storing and counting); false when it was counted already.
   */
  claimCount(id: string, cluster: string): Promise<boolean>;
  /** Adds one to the run's answered count (atomic); resolves to the new count. */
  addDone(id: string): Promise<number>;
  results<V>(id: string): Promise<{ cluster: string; value: V }[]>;
  /** Claims the assembly (unless finished, or another one started less than `leaseMs` ago). */
  claimAssembly(id: string, now: number, leaseMs: number): Promise<boolean>;
  /** Claims posting to one channel for this run (once, ever). */
  claimPost(id: string, channel: string): Promise<boolean>;
  finish(id: string, now: number): Promise<void>;
  /** Whether a cluster's result is stored already. */
  hasResult(id: string, cluster: string): Promise<boolean>;
  /** Runs not yet finished: their state only (the sweep reads it every minute; plans stay unread). */
  openRuns(): Promise<RunStatus[]>;
}

type Send = (c: unknown) => Promise<Record<string, unknown>>;
type Attr = { S?: string; N?: string; B?: Uint8Array; BOOL?: boolean };

const pack = (v: unknown): Uint8Array => gzipSync(JSON.stringify(v));
const unpack = <T>(b: Uint8Array | undefined): T =>
  JSON.parse(gunzipSync(b ?? new Uint8Array()).toString('utf8')) as T;

/** The size a value takes stored (gzip JSON), bytes. */
export function storedSize(v: unknown): number {
  return pack(v).byteLength;
}

/** Fleet runs in the history table (shares the DynamoStore's client). */
export class DynamoRunStore implements RunStore {
  readonly #store: DynamoStore;
  readonly #table: string;

  constructor(table: string, store: DynamoStore) {
    this.#table = table;
    this.#store = store;
  }

  async #send(): Promise<{ send: Send; m: typeof import('@aws-sdk/client-dynamodb') }> {
    return this.#store.client();
  }

  #expires(): { N: string } {
    return { N: String(Math.floor(Date.now() / 1000) + RUN_TTL_S) };
  }

  /** Runs `op`; false when its condition failed. */
  async #conditional(op: (send: Send, m: typeof import('@aws-sdk/client-dynamodb')) => Promise<unknown>) {
    const { send, m } = await this.#send();
    try {
      await op(send, m);
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async createRun<P>(id: string, plan: P, expected: number, deadline: number): Promise<boolean> {
    // The plan first: a run state whose plan is missing must never be visible. First writer wins: a
    // second createRun with the same id never replaces a plan (a run may already be reading it).
    await this.#conditional((send, m) =>
      send(
        new m.PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: `run#${id}` },
            sk: { S: 'plan' },
            data: { B: pack(plan) },
            expires: this.#expires(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return this.#conditional((send, m) =>
      send(
        new m.PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: 'runs' },
            sk: { S: id },
            expected: { N: String(expected) },
            done: { N: '0' },
            deadline: { N: String(deadline) },
            expires: this.#expires(),
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
  }

  async #plan<P>(id: string): Promise<P> {
    const { send, m } = await this.#send();
    const r = (await send(
      new m.GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: `run#${id}` }, sk: { S: 'plan' } },
        ConsistentRead: true,
      }),
    )) as { Item?: Record<string, Attr> };
    return unpack<P>(r.Item?.data?.B);
  }

  async #state<P>(it: Record<string, Attr>): Promise<RunState<P>> {
    return { ...this.#status(it), plan: await this.#plan<P>(it.sk?.S ?? '') };
  }

  #status(it: Record<string, Attr>): RunStatus {
    return {
      id: it.sk?.S ?? '',
      expected: Number(it.expected?.N ?? 0),
      done: Number(it.done?.N ?? 0),
      deadline: Number(it.deadline?.N ?? 0),
      ...(it.assembling?.N ? { assembling: Number(it.assembling.N) } : {}),
      ...(it.finished?.N ? { finished: Number(it.finished.N) } : {}),
    };
  }

  async getRun<P>(id: string): Promise<RunState<P> | undefined> {
    const { send, m } = await this.#send();
    const r = (await send(
      new m.GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: 'runs' }, sk: { S: id } },
        ConsistentRead: true,
      }),
    )) as { Item?: Record<string, Attr> };
    return r.Item ? await this.#state<P>(r.Item) : undefined;
  }

  putResult(id: string, cluster: string, value: unknown): Promise<boolean> {
    return this.#conditional((send, m) =>
      send(
        new m.PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: `run#${id}` },
            sk: { S: `c#${cluster}` },
            data: { B: pack(value) },
            expires: this.#expires(),
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
  }

  claimCount(id: string, cluster: string): Promise<boolean> {
    return this.#conditional((send, m) =>
      send(
        new m.UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: { S: `run#${id}` }, sk: { S: `c#${cluster}` } },
          UpdateExpression: 'SET counted = :t',
          ConditionExpression: 'attribute_exists(sk) AND attribute_not_exists(counted)',
          ExpressionAttributeValues: { ':t': { BOOL: true } },
        }),
      ),
    );
  }

  async addDone(id: string): Promise<number> {
    const { send, m } = await this.#send();
    const r = (await send(
      new m.UpdateItemCommand({
        TableName: this.#table,
        Key: { pk: { S: 'runs' }, sk: { S: id } },
        UpdateExpression: 'ADD done :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    )) as { Attributes?: { done?: Attr } };
    return Number(r.Attributes?.done?.N ?? 0);
  }

  async #query(pk: string, prefix?: string): Promise<Record<string, Attr>[]> {
    const { send, m } = await this.#send();
    const out: Record<string, Attr>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = (await send(
        new m.QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk }, ...(prefix ? { ':p': { S: prefix } } : {}) },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start as never } : {}),
        }),
      )) as { Items?: Record<string, Attr>[]; LastEvaluatedKey?: Record<string, unknown> };
      out.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async results<V>(id: string): Promise<{ cluster: string; value: V }[]> {
    return (await this.#query(`run#${id}`, 'c#')).map((it) => ({
      cluster: (it.sk?.S ?? '').slice(2),
      value: unpack<V>(it.data?.B),
    }));
  }

  claimAssembly(id: string, now: number, leaseMs: number): Promise<boolean> {
    return this.#conditional((send, m) =>
      send(
        new m.UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: { S: 'runs' }, sk: { S: id } },
          UpdateExpression: 'SET assembling = :now',
          ConditionExpression:
            'attribute_exists(sk) AND attribute_not_exists(finished) AND (attribute_not_exists(assembling) OR assembling < :stale)',
          ExpressionAttributeValues: { ':now': { N: String(now) }, ':stale': { N: String(now - leaseMs) } },
        }),
      ),
    );
  }

  claimPost(id: string, channel: string): Promise<boolean> {
    return this.#conditional((send, m) =>
      send(
        new m.PutItemCommand({
          TableName: this.#table,
          Item: { pk: { S: `run#${id}` }, sk: { S: `post#${channel}` }, expires: this.#expires() },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
  }

  async finish(id: string, now: number): Promise<void> {
    const { send, m } = await this.#send();
    await send(
      new m.UpdateItemCommand({
        TableName: this.#table,
        Key: { pk: { S: 'runs' }, sk: { S: id } },
        UpdateExpression: 'SET finished = :now',
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      }),
    );
  }

  async openRuns(): Promise<RunStatus[]> {
    return (await this.#query('runs')).filter((it) => !it.finished?.N).map((it) => this.#status(it));
  }

  async hasResult(id: string, cluster: string): Promise<boolean> {
    const { send, m } = await this.#send();
    const r = (await send(
      new m.GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: `run#${id}` }, sk: { S: `c#${cluster}` } },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      }),
    )) as { Item?: unknown };
    return r.Item !== undefined;
  }
}
