import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import express, { Express, NextFunction, Request, Response } from 'express';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: string;
}

/**
 * Base of the sandbox's HTTP simulators: an express app on 127.0.0.1 that records
 * every request it receives and exposes its state and request log as JSON:
 *   GET  /__sandbox/state     the simulator's state (`state()`)
 *   GET  /__sandbox/requests  the request log (sandbox routes excluded)
 *   POST /__sandbox/reset     clears state and log
 * Subclasses add their routes in `routes(app)` (controls of their own under `/__sandbox/`, also
 * left out of the log); tests may also call the methods directly.
 */
export abstract class Simulator {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private baseUrl?: string;

  protected abstract routes(app: Express): void;
  abstract state(): unknown;
  /** Clears the simulator's own state (the request log is cleared by `reset`). */
  protected abstract clearState(): void;

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.constructor.name} is not started`);
    return this.baseUrl;
  }

  reset(): void {
    this.requests.length = 0;
    this.clearState();
  }

  /** Requests whose path matches, optionally of one method: what tests usually assert on. */
  requestsTo(path: string | RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => (typeof path === 'string' ? r.path === path : path.test(r.path)) && (!method || r.method === method),
    );
  }

  async start(port = 0): Promise<string> {
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json({ limit: '5mb' }));
    app.use(express.urlencoded({ extended: false }));
    app.get('/__sandbox/state', (_req, res) => res.json(this.state()));
    app.get('/__sandbox/requests', (_req, res) => res.json(this.requests));
    app.post('/__sandbox/reset', (_req, res) => {
      this.reset();
      res.json({ status: 'ok' });
    });
    app.use((req: Request, _res: Response, next: NextFunction) => {
      // A subclass's own /__sandbox controls are not part of the system it simulates.
      if (req.path.startsWith('/__sandbox/')) return next();
      this.requests.push({
        method: req.method,
        path: req.path,
        query: { ...req.query },
        headers: { ...req.headers },
        body: req.body,
        at: new Date().toISOString(),
      });
      next();
    });
    this.routes(app);
    app.use((req: Request, res: Response) => {
      res.status(404).json({ error: `${this.constructor.name} has no route ${req.method} ${req.path}` });
    });

    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(port, '127.0.0.1', () => resolve(server));
    });
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
