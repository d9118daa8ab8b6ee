// Default own-work latency of every operation, lognormal (median, p99), anchored on reference
// §3 where it gives numbers and marked estimates elsewhere. Variance among same-shaped requests
// is what diagnosis reads, so nothing here is a constant.
import { MS, S, US } from "../kernel/index.ts";
import type { DistributionSpec } from "../kernel/index.ts";

function ln(median: number, p99: number): DistributionSpec {
  return { kind: "lognormal", median, p99 };
}

/** service → operation → own-work distribution (ns). Operations are fault targets too. */
export const DEFAULT_LATENCY: Readonly<Record<string, Readonly<Record<string, DistributionSpec>>>> = {
  keystone: {
    issue_token: ln(40 * MS, 120 * MS), // password hash + token model (estimate; reference: 50–200 ms per issue)
    mint_token: ln(3 * MS, 10 * MS),
    validate_token: ln(4 * MS, 15 * MS), // fernet decrypt + token model; plus the revocation scan
    list_projects: ln(5 * MS, 20 * MS),
  },
  horizon: {
    instances_page: ln(60 * MS, 200 * MS), // Django view + template render (estimate)
    overview_page: ln(30 * MS, 100 * MS),
  },
  "nova-api": {
    create_server: ln(40 * MS, 150 * MS),
    list_servers: ln(15 * MS, 60 * MS),
    show_server: ln(8 * MS, 30 * MS),
    delete_server: ln(10 * MS, 40 * MS),
    list_flavors: ln(5 * MS, 20 * MS),
    external_events: ln(5 * MS, 20 * MS),
    tenant_usage: ln(10 * MS, 40 * MS),
  },
  "nova-conductor": {
    schedule_and_build_instances: ln(20 * MS, 80 * MS),
    instance_update: ln(3 * MS, 12 * MS),
    instance_destroy: ln(5 * MS, 20 * MS),
    object_action: ln(2 * MS, 10 * MS), // Service.save / ComputeNode.save for a compute (estimate)
    object_class_action_versions: ln(3 * MS, 15 * MS), // InstanceList / MigrationList queries (estimate)
  },
  "nova-scheduler": {
    select_destinations: ln(20 * MS, 100 * MS), // filters and weighers over host state
    update_instance_info: ln(200 * US, 2 * MS), // HostManager's in-memory instance info (estimate)
    delete_instance_info: ln(200 * US, 2 * MS),
    sync_instance_info: ln(1 * MS, 5 * MS),
  },
  "nova-compute": {
    build_and_run_instance: ln(100 * MS, 300 * MS), // lock + resource claim (reference: +0.13 s)
    spawn: ln(1.5 * S, 4 * S), // qemu-img create, define, start (reference: ≈1.5 s to VM start)
    terminate_instance: ln(500 * MS, 2 * S),
    external_instance_event: ln(1 * MS, 5 * MS),
    update_available_resource: ln(100 * MS, 500 * MS), // the virt driver's host and instance queries (estimate)
  },
  placement: {
    allocation_candidates: ln(30 * MS, 200 * MS),
    claim_resources: ln(15 * MS, 80 * MS),
    delete_allocations: ln(10 * MS, 50 * MS),
    get_inventories: ln(5 * MS, 30 * MS),
  },
  glance: {
    list_images: ln(15 * MS, 60 * MS),
    show_image: ln(5 * MS, 20 * MS),
    download_image: ln(50 * MS, 200 * MS), // plus the bytes on the link
  },
  neutron: {
    list_networks: ln(15 * MS, 60 * MS),
    list_ports: ln(20 * MS, 80 * MS),
    list_floatingips: ln(10 * MS, 40 * MS),
    create_port: ln(80 * MS, 300 * MS),
    delete_port: ln(50 * MS, 200 * MS),
    port_binding: ln(3.5 * S, 9 * S), // L2 agent wiring until network-vif-plugged (reference: ≈3.6 s)
  },
  cinder: {
    list_volumes: ln(15 * MS, 60 * MS),
    show_limits: ln(5 * MS, 20 * MS),
  },
  mysql: {
    select: ln(1 * MS, 8 * MS),
    insert: ln(2 * MS, 12 * MS),
    update: ln(2 * MS, 12 * MS),
    delete: ln(2 * MS, 10 * MS),
  },
  memcached: {
    get: ln(60 * US, 400 * US),
    set: ln(60 * US, 400 * US),
  },
  rabbitmq: {
    route: ln(50 * US, 500 * US),
  },
  client: {
    think: ln(1 * MS, 5 * MS), // CLI argument parsing, plugin loading (estimate)
  },
};
