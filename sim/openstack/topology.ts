// The cloud's wiring as plain data: hosts, which service runs where and how many of it, pool
// sizes, timeouts, network links and per-operation latency overrides. defaultTopology() is the
// "small" profile (3 controllers, 4 computes, a broker host, a DB host, a client host);
// scenario files override parts of it.
import { MS, S, US } from "../kernel/index.ts";
import type { DistributionSpec } from "../kernel/index.ts";
import type { ClockSpec, LinkSpec } from "../net/index.ts";
import { REPORT_INTERVAL_NS, SERVICE_DOWN_TIME_NS } from "./servicegroup.ts";

export type ServiceName =
  | "keystone" | "horizon" | "nova-api" | "nova-conductor" | "nova-scheduler" | "nova-compute"
  | "placement" | "glance" | "neutron" | "cinder" | "mysql" | "memcached" | "rabbitmq" | "client";

export const SERVICE_NAMES: readonly ServiceName[] = [
  "keystone", "horizon", "nova-api", "nova-conductor", "nova-scheduler", "nova-compute",
  "placement", "glance", "neutron", "cinder", "mysql", "memcached", "rabbitmq", "client",
];

export interface ServiceConfig {
  /** Instances, named `<service>-<n>`, placed round-robin over `hosts` (nova-compute: one per compute host). */
  readonly replicas: number;
  /** Hosts (by name) the instances go on, in order. */
  readonly hosts: readonly string[];
  /** Concurrent requests an instance serves (WSGI processes × threads, or the RPC executor size). */
  readonly workers: number;
  /** oslo.db connection pool per instance (max_pool_size + max_overflow); 0 for services without a DB. */
  readonly dbPool: number;
}

export interface TopologyConfig {
  readonly profile: string;
  readonly hosts: {
    readonly controllers: number;
    readonly computes: number;
    /** Per-host clock offsets/drift by host name. */
    readonly clocks: Readonly<Record<string, ClockSpec>>;
  };
  readonly network: {
    readonly defaultLink: LinkSpec;
    readonly loopback: LinkSpec;
    /** Between the client host and the cloud (a WAN-ish hop). */
    readonly clientLink: LinkSpec;
    /** Per-pair overrides: "a->b" or "a<->b". */
    readonly links: Readonly<Record<string, LinkSpec>>;
  };
  readonly services: Readonly<Record<ServiceName, ServiceConfig>>;
  /**
   * Nova cells v2 (nova doc/source/admin/cells.rst, "Service layout"). One cell is nova's
   * single-cell layout: every service on one message bus, cell1's database beside the API
   * database, and the conductors serve both levels. More cells is the multi-cell layout: the
   * computes are split among cell1..cellN in equal blocks, each cell with its own message queue
   * (`cellK-broker-1`), its own database (`cellK-db-1`, plus replicas) and its own conductors
   * (`cellK-conductor-J`); the `nova-conductor` instances of `services` become the super
   * conductors, on the API message queue (`broker-1`) with nova-api and the schedulers.
   */
  readonly cells: {
    readonly count: number;
    /** Conductors per cell in the multi-cell layout, each on its own host. */
    readonly conductors: number;
  };
  readonly rpc: {
    /** rpc_response_timeout. */
    readonly responseTimeoutNs: number;
    /** long_rpc_timeout, used by select_destinations. */
    readonly longTimeoutNs: number;
    /** call_monitor_timeout for long calls. */
    readonly callMonitorNs: number;
  };
  readonly http: {
    /** Service-to-service HTTP timeout and retries on transport errors. */
    readonly timeoutNs: number;
    readonly retries: number;
    /** keystonemiddleware → Keystone: http_request_max_retries. */
    readonly keystoneRetries: number;
    /** The client's (CLI, browser) timeout. */
    readonly clientTimeoutNs: number;
  };
  readonly keystone: {
    /** Users with a live token; each request uses one of them. */
    readonly users: number;
    /** keystonemiddleware token_cache_time. */
    readonly tokenCacheTtlNs: number;
    /** Revocation events stored in steady state. */
    readonly revocationEvents: number;
    /** CPU per stored revocation event when validating a token (the revoke-model scan). */
    readonly nsPerRevocationEvent: number;
  };
  readonly compute: {
    readonly maxConcurrentBuilds: number;
    /** Instances a compute host can hold (Placement inventory). */
    readonly capacity: number;
    /** ACTIVE instances per compute host at start. */
    readonly initialInstances: number;
    readonly vifPluggingTimeoutNs: number;
    /** report_interval: how often every nova service reports its state (nova's default 10 s). */
    readonly reportIntervalNs: number;
    /** service_down_time: a service not heard from for this long is down (nova's default 60 s). */
    readonly serviceDownTimeNs: number;
    /** update_resources_interval: nova's default 0 runs update_available_resource at the periodic default (60 s); negative disables it. */
    readonly updateResourcesIntervalNs: number;
    /** scheduler_instance_sync_interval: nova's default 120 s between _sync_scheduler_instance_info runs; negative disables it. */
    readonly schedulerInstanceSyncIntervalNs: number;
    /** periodic_fuzzy_delay: the periodic-task timer starts after a random 0..this (nova's default 60 s). */
    readonly periodicFuzzyDelayNs: number;
    /** Images (bytes) a create picks from; a host downloads an image once, then it is cached. */
    readonly imageBytes: readonly number[];
    /**
     * [filter_scheduler] track_instance_changes (nova default True): computes cast their instance
     * changes to every scheduler and sync them periodically. The cells doc tells multi-cell
     * deployments to set it False: a cell's computes cannot reach the API-level schedulers.
     */
    readonly trackInstanceChanges: boolean;
  };
  readonly db: {
    /** Queries MySQL runs at once (innodb_thread_concurrency-like). */
    readonly threads: number;
    /** How long a client waits on an unreachable DB before failing. */
    readonly connectTimeoutNs: number;
    /**
     * Galera nodes beside the primary in every database cluster (the API database and each
     * cell's), on hosts db-2, db-3, … (cellK-db-2, … for a cell's). Every write's commit waits for its write-set to
     * reach each reachable node (MariaDB, "About Galera Replication": the write set is broadcast
     * to every node at commit); reads nova makes with use_slave=True go to them in turn
     * (oslo.db's slave_connection).
     */
    readonly replicas: number;
  };
  readonly client: {
    /** Rally: prepoll delay, poll interval and boot timeout. */
    readonly prepollNs: number;
    readonly pollIntervalNs: number;
    readonly bootTimeoutNs: number;
  };
  /** Per-operation latency overrides keyed "service.operation". */
  readonly latency: Readonly<Record<string, DistributionSpec>>;
}

const lan: LinkSpec = { latency: { kind: "lognormal", median: 150 * US, p99: 800 * US }, bandwidthBps: 1.25e8 };

function svc(replicas: number, hosts: string[], workers: number, dbPool = 0): ServiceConfig {
  return { replicas, hosts, workers, dbPool };
}

/** The "small" profile: reference §5's default-openstack, sized for fast runs. */
export function defaultTopology(): TopologyConfig {
  const ctl = ["controller-1", "controller-2", "controller-3"];
  return {
    profile: "small",
    hosts: { controllers: 3, computes: 4, clocks: {} },
    network: {
      defaultLink: lan,
      loopback: { latency: { kind: "lognormal", median: 20 * US, p99: 80 * US } },
      clientLink: { latency: { kind: "lognormal", median: 1 * MS, p99: 5 * MS }, bandwidthBps: 1.25e7 },
      links: {},
    },
    services: {
      keystone: svc(2, ctl, 10, 15),
      horizon: svc(1, ["controller-3"], 20),
      "nova-api": svc(2, ctl, 64, 15),
      "nova-conductor": svc(2, ctl, 64, 15),
      "nova-scheduler": svc(2, ["controller-2", "controller-3"], 64, 15),
      "nova-compute": svc(4, [], 64),
      placement: svc(2, ctl, 32, 15),
      glance: svc(1, ["controller-1"], 32, 15),
      neutron: svc(2, ctl, 32, 15),
      cinder: svc(1, ["controller-2"], 32, 15),
      mysql: svc(1, ["db-1"], 0),
      memcached: svc(1, ["controller-1"], 0),
      rabbitmq: svc(1, ["broker-1"], 0),
      client: svc(1, ["client-1"], 0),
    },
    cells: { count: 1, conductors: 0 },
    rpc: { responseTimeoutNs: 60 * S, longTimeoutNs: 1800 * S, callMonitorNs: 60 * S },
    http: { timeoutNs: 60 * S, retries: 0, keystoneRetries: 3, clientTimeoutNs: 120 * S },
    keystone: { users: 50, tokenCacheTtlNs: 300 * S, revocationEvents: 50, nsPerRevocationEvent: 20 * US },
    compute: {
      maxConcurrentBuilds: 10,
      capacity: 500,
      initialInstances: 10,
      vifPluggingTimeoutNs: 300 * S,
      reportIntervalNs: REPORT_INTERVAL_NS,
      serviceDownTimeNs: SERVICE_DOWN_TIME_NS,
      updateResourcesIntervalNs: 0, // nova/conf/compute.py update_resources_interval
      schedulerInstanceSyncIntervalNs: 120 * S, // nova/conf/compute.py scheduler_instance_sync_interval
      periodicFuzzyDelayNs: 60 * S, // nova/conf/service.py periodic_fuzzy_delay
      imageBytes: [13_000_000, 300_000_000, 600_000_000],
      trackInstanceChanges: true, // nova/conf/scheduler.py [filter_scheduler] track_instance_changes
    },
    db: { threads: 32, connectTimeoutNs: 10 * S, replicas: 0 },
    client: { prepollNs: 1 * S, pollIntervalNs: 2 * S, bootTimeoutNs: 300 * S },
    latency: {},
  };
}
