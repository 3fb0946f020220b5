/**
 * Asynchronous Lambda invokes (InvocationType "Event"): ingress → worker, report → scan (fleet runs).
 * LAMBDA_ENDPOINT points at osls offline locally. A throttled invoke is retried with backoff (a
 * fan-out of thousands can meet the account's invoke rate); other errors go to the caller.
 * @module
 */
const INVOKE_TRIES = 4; // tries of one invoke
const INVOKE_BACKOFF_MS = 200; // the first backoff, doubling
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'EC2ThrottledException']);

/** An async invoker of `functionName`; the SDK is loaded on first use, not at cold start. */
export function asyncInvoker(functionName: string): (payload: unknown) => Promise<void> {
  let client: Promise<(payload: string) => Promise<unknown>> | undefined;
  return async (payload) => {
    client ??= import('@aws-sdk/client-lambda').then((m) => {
      const endpoint = process.env.LAMBDA_ENDPOINT;
      const c = new m.LambdaClient(endpoint ? { endpoint } : {});
      return (p: string) =>
        c.send(
          new m.InvokeCommand({
            FunctionName: functionName,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(p),
          }),
        );
    });
    const send = await client;
    const body = JSON.stringify(payload);
    for (let i = 0; ; i++) {
      try {
        await send(body);
        return;
      } catch (e) {
        if (i >= INVOKE_TRIES - 1 || !THROTTLED.has((e as Error).name)) throw e;
        await new Promise((r) => setTimeout(r, INVOKE_BACKOFF_MS * 2 ** i));
      }
    }
  };
}
