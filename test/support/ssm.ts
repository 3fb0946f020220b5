// A local stand-in for AWS SSM Parameter Store (the AWS JSON 1.1 protocol: POST / with
// X-Amz-Target), enough for PutParameter, GetParameters and GetParametersByPath. It stands in for
// AWS, which tests cannot reach; kube-triage's own code runs unchanged through the AWS SDK.
import { createServer, type Server } from 'node:http';

export interface LocalSsm {
  readonly endpoint: string;
  readonly params: Map<string, { value: string; type: string }>;
  /** Requests to answer with ThrottlingException before serving again. */
  throttleNext: number;
  close(): Promise<void>;
}

export async function localSsm(): Promise<LocalSsm> {
  const params = new Map<string, { value: string; type: string }>();
  const ssm = { throttleNext: 0 } as LocalSsm;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (ssm.throttleNext > 0) {
        ssm.throttleNext--;
        res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '').replace('AmazonSSM.', '');
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(obj));
      };
      const param = (name: string) => {
        const p = params.get(name);
        return p ? { Name: name, Type: p.type, Value: p.value, Version: 1 } : undefined;
      };
      if (target === 'PutParameter') {
        const name = String(body.Name);
        if (params.has(name) && body.Overwrite !== true)
          return send(400, { __type: 'ParameterAlreadyExists', message: 'exists' });
        params.set(name, { value: String(body.Value), type: String(body.Type ?? 'String') });
        return send(200, { Version: 1, Tier: 'Standard' });
      }
      if (target === 'GetParameters') {
        const names = (body.Names as string[]) ?? [];
        return send(200, {
          Parameters: names.map(param).filter(Boolean),
          InvalidParameters: names.filter((n) => !params.has(n)),
        });
      }
      if (target === 'GetParametersByPath') {
        const path = String(body.Path);
        const found = [...params.keys()]
          .filter(
            (k) => k.startsWith(path) && (body.Recursive === true || !k.slice(path.length).includes('/')),
          )
          .sort();
        const start = Number(body.NextToken ?? 0);
        const page = found.slice(start, start + 2);
        return send(200, {
          Parameters: page.map(param),
          ...(start + 2 < found.length ? { NextToken: String(start + 2) } : {}),
        });
      }
      return send(400, { __type: 'UnknownOperationException', message: target });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  Object.assign(ssm, {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    params,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
  return ssm;
}
