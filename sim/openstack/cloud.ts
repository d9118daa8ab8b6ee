// buildCloud: hosts, network, broker, database, memcached and every service instance wired per
// a TopologyConfig, with trace points through an injected tracer factory.
import type { Process, Simulation, Stream } from "../kernel/index.ts";
import { Host, Network } from "../net/index.ts";
import type { LinkSpec } from "../net/index.ts";
import type { Format } from "../../tracer/index.ts";
import { Broker, RpcClient } from "../rpc/index.ts";
import { CELL_ROLES, cellHosts } from "./cells.ts";
import type { Cell } from "./cells.ts";
import { Database } from "./database.ts";
import { ServiceInstance } from "./instance.ts";
import { DEFAULT_LATENCY } from "./latencies.ts";
import { Memcached } from "./memcached.ts";
import { Operation } from "./operation.ts";
import { ServiceGroup } from "./servicegroup.ts";
import { installService } from "./services/index.ts";
import { KeystoneState, PlacementState, ServerTable } from "./state.ts";
import { SERVICE_NAMES } from "./topology.ts";
import type { ServiceName, TopologyConfig } from "./topology.ts";
import type { Propagation, TracingFactory } from "./tracing.ts";
import { runWorkflow, checkWorkflow } from "./workflows.ts";
import type { RequestOptions, RequestResult, Workflow } from "./workflows.ts";

export interface CloudOptions {
  /** Builds each instance's tracer; absent or returning null means no trace points. */
  readonly tracing?: TracingFactory;
  /** Wire format(s) for context in headers; default "w3c". */
  readonly propagation?: Format | readonly Format[];
}

export interface CloudCounters {
  tokenValidations: number;
  internalErrors: number;
  buildsFailed: number;
  vifTimeouts: number;
  noValidHost: number;
  /** Builds a compute's restart put into ERROR because its crash interrupted or stranded them. */
  buildsInterrupted: number;
  /** Deletes nova-api did locally because the instance's compute service was down. */
  localDeletes: number;
}

export class Cloud {
  readonly sim: Simulation;
  readonly topology: TopologyConfig;
  readonly net: Network;
  readonly propagation: Propagation;
  /** The API message queue (in the single-cell layout, the only one). */
  readonly broker: Broker;
  /** Every message queue: the API one, then each cell's. */
  readonly brokers: readonly Broker[];
  /** nova-compute heartbeats (report_interval 10 s, service_down_time 60 s). */
  readonly serviceGroup: ServiceGroup;
  /** The API database cluster (also cell0's, and the other services' databases). */
  readonly db: Database;
  /** Every database cluster: the API one, then each cell's. */
  readonly databases: readonly Database[];
  /** cell1..cellN; in the single-cell layout cell1 shares the API queue and database. */
  readonly cells: readonly Cell[];
  readonly multiCell: boolean;
  readonly caches: readonly Memcached[];
  readonly servers = new ServerTable();
  readonly placement: PlacementState;
  readonly keystone: KeystoneState;
  readonly computeHosts: readonly string[];
  /** Per compute host: image indexes already in its image cache. */
  readonly imageCache = new Map<string, Set<number>>();
  readonly tokens: readonly string[];
  readonly serviceToken: string;
  readonly client: ServiceInstance;
  readonly counters: CloudCounters = { tokenValidations: 0, internalErrors: 0, buildsFailed: 0, vifTimeouts: 0, noValidHost: 0, buildsInterrupted: 0, localDeletes: 0 };
  /** Draws for request parameters (which user, which server, which image). */
  readonly requestStream: Stream;
  /** Keystone's Fernet tokens minted by token issues (each one new). */
  private readonly mintStream: Stream;
  private readonly byService = new Map<string, ServiceInstance[]>();
  private readonly byName = new Map<string, ServiceInstance>();
  private readonly ops = new Map<string, Operation>();
  private readonly pickers = new Map<string, () => ServiceInstance>();
  private readonly backgroundListeners: ((run: BackgroundResult) => void)[] = [];
  private readonly cellByHost = new Map<string, Cell>();

  constructor(sim: Simulation, topology: TopologyConfig, options: CloudOptions = {}) {
    this.sim = sim;
    this.topology = topology;
    this.propagation = options.propagation ?? "w3c";
    this.requestStream = sim.rng.stream("cloud/requests");
    this.mintStream = sim.rng.stream("keystone/minted-tokens");
    const t = topology;

    // Hosts. The client reaches the cloud over its own (slower) link.
    const hostNames: [string, string][] = [];
    for (let i = 1; i <= t.hosts.controllers; i++) hostNames.push([`controller-${i}`, "controller"]);
    const computes: string[] = [];
    for (let i = 1; i <= t.hosts.computes; i++) {
      hostNames.push([`compute-${i}`, "compute"]);
      computes.push(`compute-${i}`);
    }
    hostNames.push(["broker-1", "broker"], ["db-1", "db"], ["client-1", "client"]);
    // Hosts beyond the single cell's (after the client, so a single-cell cloud is laid out as before).
    const cellsCount = t.cells.count;
    if (!Number.isInteger(cellsCount) || cellsCount < 1) throw new TopologyError("cells.count", "a positive integer");
    if (computes.length > 0 && cellsCount > computes.length) throw new TopologyError("cells.count", `at most one cell per compute host (${computes.length})`);
    const replicas = t.db.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) throw new TopologyError("db.replicas", "a whole number");
    const extra = cellHosts(cellsCount, cellsCount > 1 ? t.cells.conductors : 0, replicas);
    if (cellsCount > 1 && (!Number.isInteger(t.cells.conductors) || t.cells.conductors < 1)) throw new TopologyError("cells.conductors", "at least 1 conductor per cell when there is more than one cell");
    for (const h of extra.hosts) hostNames.push([h.name, h.role]);
    const links: Record<string, LinkSpec> = {};
    for (const [name] of hostNames) if (name !== "client-1") links[`client-1<->${name}`] = t.network.clientLink;
    const net = new Network(sim, { defaultLink: t.network.defaultLink, loopback: t.network.loopback, links: { ...links, ...t.network.links } });
    this.net = net;
    for (const [name, role] of hostNames) net.addHost(new Host(sim, name, role, t.hosts.clocks[name] ?? {}));
    this.computeHosts = computes;

    // Operations.
    for (const service of Object.keys(DEFAULT_LATENCY)) {
      for (const [op, spec] of Object.entries(DEFAULT_LATENCY[service]!)) {
        const key = `${service}.${op}`;
        this.ops.set(key, new Operation(service, op, t.latency[key] ?? spec));
      }
    }

    // Instances.
    const tracing = options.tracing;
    for (const service of SERVICE_NAMES) {
      const cfg = t.services[service];
      const hosts = service === "nova-compute" ? computes : cfg.hosts;
      const replicas = service === "nova-compute" ? computes.length : cfg.replicas;
      if (!Number.isInteger(replicas) || replicas < 0) throw new TopologyError(`services.${service}.replicas`, "a positive integer");
      const list: ServiceInstance[] = [];
      for (let i = 0; i < replicas; i++) {
        const hostName = hosts[i % hosts.length];
        if (hostName === undefined) throw new TopologyError(`services.${service}.hosts`, "at least one host");
        if (!net.hasHost(hostName)) throw new TopologyError(`services.${service}.hosts[${i % hosts.length}]`, `one of ${net.hosts.map((h) => h.name).join(", ")}`);
        const host = net.host(hostName);
        const name = `${service}-${i + 1}`;
        const handle = tracing === undefined ? null : tracing(service, host);
        const inst = new ServiceInstance(this, service, name, host, cfg.workers, cfg.dbPool, handle);
        list.push(inst);
        this.byName.set(name, inst);
      }
      if (list.length === 0) {
        throw service === "nova-compute"
          ? new TopologyError("hosts.computes", "at least 1 compute host")
          : new TopologyError(`services.${service}.replicas`, "at least 1");
      }
      this.byService.set(service, list);
    }
    // The instances of the cells' own hosts (and the database replicas), numbered on from the
    // topology's: rabbitmq-2, mysql-2, nova-conductor-N+1, ...
    const more = (service: ServiceName, hostName: string): ServiceInstance => {
      const list = this.byService.get(service)!;
      const cfg = t.services[service];
      const host = net.host(hostName);
      const name = `${service}-${list.length + 1}`;
      const inst = new ServiceInstance(this, service, name, host, cfg.workers, cfg.dbPool, tracing === undefined ? null : tracing(service, host));
      list.push(inst);
      this.byName.set(name, inst);
      return inst;
    };
    const route = this.operation("rabbitmq", "route");
    const newBroker = (rabbit: ServiceInstance): Broker => {
      const b = new Broker(net, rabbit.group, rabbit.host);
      b.routeCost = () => route.cost(rabbit);
      return b;
    };
    const newDatabase = (primary: ServiceInstance, replicaHosts: readonly string[]): Database =>
      new Database(primary, t.db.threads, t.db.connectTimeoutNs, replicaHosts.map((h) => more("mysql", h)));
    this.broker = newBroker(this.instances("rabbitmq")[0]!);
    this.db = newDatabase(this.instances("mysql")[0]!, extra.apiReplicas);
    this.multiCell = cellsCount > 1;
    const cells: Cell[] = [];
    for (let k = 1; k <= cellsCount; k++) {
      // Equal blocks in host order (sizes differ by at most one).
      const mine = computes.slice(Math.floor(((k - 1) * computes.length) / cellsCount), Math.floor((k * computes.length) / cellsCount));
      const layout = extra.cells[k - 1];
      const cell: Cell = layout === undefined
        ? { name: `cell${k}`, broker: this.broker, db: this.db, computes: mine, conductors: [] }
        : {
            name: `cell${k}`,
            broker: newBroker(more("rabbitmq", layout.broker)),
            db: newDatabase(more("mysql", layout.db), layout.dbReplicas),
            computes: mine,
            conductors: layout.conductors.map((h) => more("nova-conductor", h)),
          };
      cells.push(cell);
      for (const h of mine) this.cellByHost.set(h, cell);
      for (const c of cell.conductors) c.cell = cell;
    }
    this.cells = cells;
    this.brokers = [this.broker, ...cells.filter((c) => c.broker !== this.broker).map((c) => c.broker)];
    this.databases = [this.db, ...cells.filter((c) => c.db !== this.db).map((c) => c.db)];
    for (const c of this.instances("nova-compute")) c.cell = this.cellOf(c.host.name);
    this.serviceGroup = new ServiceGroup(sim, t.compute.reportIntervalNs, t.compute.serviceDownTimeNs);
    this.caches = this.instances("memcached").map((m) => new Memcached(m));
    this.placement = new PlacementState(computes, t.compute.capacity);
    this.keystone = new KeystoneState(t.keystone.revocationEvents);
    this.operation("keystone", "validate_token").stateCost = () => this.keystone.events(sim.now) * t.keystone.nsPerRevocationEvent;
    for (const h of computes) this.imageCache.set(h, new Set());
    this.client = this.instances("client")[0]!;

    const tokenStream = sim.rng.stream("cloud/tokens");
    const tokens: string[] = [];
    for (let i = 0; i < t.keystone.users; i++) tokens.push(fernetLike(tokenStream));
    this.tokens = tokens;
    this.serviceToken = fernetLike(tokenStream);

    // RPC clients (one reply queue per process) and each service's routes and RPC servers.
    // An API-level service has a client on the API queue and, in the multi-cell layout, one on
    // every cell's (nova-api and the super conductors reach computes through their cell's
    // queue); a cell's services have one on their cell's queue. Reply-queue names beyond the
    // first client come from their own streams.
    const replyStream = sim.rng.stream("cloud/reply-queues");
    const cellReplyStreams = new Map(cells.map((c) => [c, sim.rng.stream(`cloud/reply-queues/${c.name}`)]));
    for (const inst of this.byName.values()) {
      if (inst.service.startsWith("nova-")) {
        const home = inst.cell === null ? this.broker : inst.cell.broker;
        const stream = inst.cell === null || inst.cell.broker === this.broker ? replyStream : cellReplyStreams.get(inst.cell)!;
        inst.rpc = new RpcClient(home, inst.host, inst.group, `reply_${hex(stream, 32)}`);
        if (inst.cell === null && CELL_ROLES.has(inst.service)) {
          for (const c of cells) {
            if (c.broker !== this.broker) inst.addRpcClient(new RpcClient(c.broker, inst.host, inst.group, `reply_${hex(cellReplyStreams.get(c)!, 32)}`));
          }
        }
      }
      installService(this, inst);
    }

    // Servers that exist before the run starts.
    const imageStream = sim.rng.stream("cloud/initial-servers");
    for (const h of computes) {
      for (let i = 0; i < t.compute.initialInstances; i++) {
        const rec = this.servers.create(imageStream.int(t.compute.imageBytes.length));
        rec.host = h;
        this.placement.claim(rec.id, h);
        this.servers.activate(rec);
      }
    }
  }

  operation(service: string, name: string): Operation {
    const op = this.ops.get(`${service}.${name}`);
    if (op === undefined) throw new Error(`no operation ${service}.${name}`);
    return op;
  }

  /** Every operation, keyed "service.operation". */
  operations(): ReadonlyMap<string, Operation> {
    return this.ops;
  }

  instances(service: string): readonly ServiceInstance[] {
    return this.byService.get(service) ?? [];
  }

  instance(name: string): ServiceInstance | undefined {
    return this.byName.get(name);
  }

  allInstances(): ServiceInstance[] {
    return [...this.byName.values()];
  }

  host(name: string): Host {
    return this.net.host(name);
  }

  hosts(): readonly Host[] {
    return this.net.hosts;
  }

  services(): readonly ServiceName[] {
    return SERVICE_NAMES;
  }

  /** The cell of a compute host (cell1 for any host in the single-cell layout). */
  cellOf(host: string): Cell {
    return this.cellByHost.get(host) ?? this.cells[0]!;
  }

  /** The database an instance's own records live in: its cell's, or the API cluster (cell0). */
  homeDb(inst: ServiceInstance): Database {
    return inst.cell === null ? this.db : inst.cell.db;
  }

  /** The cell whose records a conductor serves: its own, or cell1 for the conductors of a single-cell cloud. */
  conductorCell(inst: ServiceInstance): Cell {
    return inst.cell ?? this.cells[0]!;
  }

  /** The nova-compute instance on a compute host. */
  computeOn(host: string): ServiceInstance | undefined {
    for (const c of this.instances("nova-compute")) if (c.host.name === host) return c;
    return undefined;
  }

  /** HAProxy-like round robin over the instances whose process is up (checked per request). */
  picker(service: string): () => ServiceInstance {
    let p = this.pickers.get(service);
    if (p === undefined) {
      const list = this.instances(service);
      if (list.length === 0) throw new Error(`no instances of ${service}`);
      let next = 0;
      p = () => {
        const n = list.length;
        for (let k = 0; k < n; k++) {
          const inst = list[(next + k) % n]!;
          if (!inst.group.down) {
            next = (next + k + 1) % n;
            return inst;
          }
        }
        const inst = list[next % n]!;
        next = (next + 1) % n;
        return inst;
      };
      this.pickers.set(service, p);
    }
    return p;
  }

  cacheFor(key: string): Memcached {
    const caches = this.caches;
    if (caches.length === 1) return caches[0]!;
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    return caches[(h >>> 0) % caches.length]!;
  }

  /** Tells `listener` of every finished background run (servicegroup reports, periodic tasks). */
  onBackground(listener: (run: BackgroundResult) => void): void {
    this.backgroundListeners.push(listener);
  }

  /** @internal A background run finished. */
  backgroundDone(run: BackgroundResult): void {
    for (const l of this.backgroundListeners) l(run);
  }

  /** A user's token from the pool of live ones (a Horizon session's, or a reused CLI token). */
  userToken(): string {
    return this.tokens[this.requestStream.int(this.tokens.length)]!;
  }

  /** A new token, as Keystone's token issue mints one. */
  mintToken(): string {
    return fernetLike(this.mintStream);
  }

  /** Starts one request of `workflow` from the client host; its value is the RequestResult. */
  startRequest(workflow: Workflow | string, options: RequestOptions = {}): Process<RequestResult> {
    const wf = checkWorkflow(workflow);
    return this.client.group.spawn(runWorkflow(this, wf, options), wf);
  }
}

/** A finished background run: its workflow (`periodic-…`), outcome, and when it started. */
export interface BackgroundResult extends Omit<RequestResult, "workflow"> {
  readonly workflow: string;
  readonly start: number;
}

export class TopologyError extends Error {
  readonly path: string;
  constructor(path: string, expected: string) {
    super(`topology.${path}: expected ${expected}`);
    this.name = "TopologyError";
    this.path = path;
  }
}

export function buildCloud(sim: Simulation, topology: TopologyConfig, options: CloudOptions = {}): Cloud {
  return new Cloud(sim, topology, options);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A Fernet-shaped token (gAAAAA + urlsafe base64, 183 characters): realistic header bytes. */
function fernetLike(s: Stream): string {
  let out = "gAAAAA";
  while (out.length < 183) out += B64[s.int(64)]!;
  return out;
}

function hex(s: Stream, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += "0123456789abcdef"[s.int(16)]!;
  return out;
}
