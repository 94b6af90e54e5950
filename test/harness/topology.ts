/** What the global setup hands to every integration test file through `inject('redis')`. */
export interface Endpoint {
  host: string;
  port: number;
}

export interface ClusterNodeInfo extends Endpoint {
  role: 'master' | 'replica';
}

export interface TestTopology {
  backend: 'local' | 'docker';
  serverVersion: string;
  standalone: Endpoint;
  primary: Endpoint;
  replica: Endpoint;
  cluster: { nodes: ClusterNodeInfo[] };
  /** Directories holding each server's log, printed when a test fails. */
  logFiles: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    redis: TestTopology;
  }
}
