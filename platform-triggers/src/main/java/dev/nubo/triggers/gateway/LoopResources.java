package dev.nubo.triggers.gateway;

/** What one event loop owns alone: its upstream connections and its round-robin positions. */
record LoopResources(UpstreamPool upstreams, RoundRobin roundRobin) {
}
