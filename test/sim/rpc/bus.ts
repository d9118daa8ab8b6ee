// A tiny bus for RPC tests: a broker host, and client/server hosts on a fixed-latency LAN.
import { Simulation, MS, US } from "../../../sim/kernel/index.ts";
import { Host, Network, ProcessGroup } from "../../../sim/net/index.ts";
import { Broker } from "../../../sim/rpc/index.ts";

export function bus(seed = "t") {
  const sim = new Simulation({ seed });
  const net = new Network(sim, {
    defaultLink: { latency: { kind: "constant", value: 1 * MS } },
    loopback: { latency: { kind: "constant", value: 10 * US } },
  });
  const mk = (name: string, role: string) => {
    const h = new Host(sim, name, role);
    net.addHost(h);
    return h;
  };
  const brokerHost = mk("broker-1", "broker");
  const a = mk("a", "controller");
  const b = mk("b", "controller");
  const c = mk("c", "compute");
  const rabbit = new ProcessGroup(sim, "rabbitmq-1", brokerHost);
  const broker = new Broker(net, rabbit, brokerHost);
  return { sim, net, broker, brokerHost, rabbit, a, b, c };
}
