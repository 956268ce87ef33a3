package dev.nubo.triggers.gateway;

/** What one event loop owns alone: its upstream connections. */
record LoopResources(UpstreamPool upstreams) {
}
